using System.Runtime.CompilerServices;

namespace Workflow.Core.TwoNn;

/// <summary>Input checks that come before any estimate.</summary>
public static class PointValidation
{
    /// <summary>Throws when a value is NaN or ±∞, naming the first such row and column (0-based).</summary>
    /// <exception cref="TwoNnDataException">A value is not finite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EnsureFinite(PointMatrix points)
    {
        ArgumentNullException.ThrowIfNull(points);
        float[] values = points.Values;
        for (int k = 0; k < values.Length; k++)
        {
            if (float.IsFinite(values[k])) continue;
            int row = k / points.Columns, column = k % points.Columns;
            throw new TwoNnDataException(
                $"Row {row} (0-based), column {column} holds {values[k]}; TwoNN needs finite coordinates. " +
                "Remove or repair that row before estimating.");
        }
    }
}
