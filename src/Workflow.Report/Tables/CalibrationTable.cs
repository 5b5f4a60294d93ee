using Workflow.Core.Correlate;
using Workflow.Report.Document;

namespace Workflow.Report.Tables;

/// <summary>The calibration check as a table: Spearman ρ between true d_k and the estimated ID at layer 0, per model and in pixel space.</summary>
public static class CalibrationTable
{
    /// <summary>Builds the table.</summary>
    public static Table Create(CalibrationResult calibration, int number)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var rows = calibration.Correlations.Select(c => (IReadOnlyList<string>)
        [
            c.Model == ClassIdTable.PixelsModel ? "pixel space" : c.Model,
            TextFormat.Integer(c.Layer),
            TextFormat.Integer(c.N),
            TextFormat.Coefficient(c.Spearman.Coefficient),
            TextFormat.PValue(c.Spearman.PValue),
        ]).ToList();
        return new Table(number, "Spearman ρ between the true d_k and the estimated ID at layer 0 (two-sided p, Student's t with n − 2 degrees of freedom).",
            ["Representation", "Layer", "n", "Spearman ρ", "p"], rows, [Align.Left, Align.Right, Align.Right, Align.Right, Align.Right]);
    }
}
