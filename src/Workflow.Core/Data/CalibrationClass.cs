namespace Workflow.Core.Data;

/// <summary>What a calibration latent factor moves.</summary>
public enum CalibrationFactorKind
{
    /// <summary>Horizontal slide of a sheet, in pixels.</summary>
    ShiftX,

    /// <summary>Vertical slide of a sheet, in pixels.</summary>
    ShiftY,

    /// <summary>Rotation of a sheet about the image centre; one unit = 1/13.06 rad (1 px of rms displacement).</summary>
    Rotation,

    /// <summary>Zoom of a sheet about the image centre, log scale; one unit = 1/13.06 (1 px of rms displacement).</summary>
    Zoom,
}

/// <summary>One latent factor of a calibration class: which sheet (0–2) and what it moves.</summary>
/// <param name="Sheet">Texture sheet index (0, 1, 2).</param>
/// <param name="Kind">What the factor moves.</param>
public sealed record CalibrationFactor(int Sheet, CalibrationFactorKind Kind)
{
    /// <inheritdoc />
    public override string ToString() => $"sheet{Sheet + 1}.{Kind switch
    {
        CalibrationFactorKind.ShiftX => "x",
        CalibrationFactorKind.ShiftY => "y",
        CalibrationFactorKind.Rotation => "rotation",
        _ => "zoom",
    }}";
}

/// <summary>A calibration class: its label, name, intrinsic dimension d and the factors that span it.</summary>
/// <param name="Label">Label value (0–9).</param>
/// <param name="Name">Class name (in <c>batches.meta.txt</c> and <c>latent_dims.json</c>).</param>
/// <param name="LatentDims">d: the number of independent continuous factors, i.e. the true intrinsic dimension.</param>
/// <param name="Factors">The d factors.</param>
/// <param name="RangePx">Each factor is drawn uniformly in [−RangePx/2, RangePx/2] (pixel-equivalent units).</param>
public sealed record CalibrationClass(int Label, string Name, int LatentDims, IReadOnlyList<CalibrationFactor> Factors, double RangePx);
