using System.Globalization;

namespace Workflow.Core.TwoNn;

/// <summary>
/// When a TwoNN estimate rests on too few points to be compared with the others. With N points the log-ratios
/// log μ are i.i.d. Exp(d) (Facco et al. 2017), so Σ log μ ~ Gamma(N, d) and the unbiased MLE (N − 1) / Σ log μ has
/// relative standard error 1 / √(N − 2). Below <see cref="MinPoints"/> that exceeds <see cref="MaxRelativeError"/>
/// (20 %: at N = 27 it is exactly 1/5), the size of the gaps between neighbouring classes' IDs the poster ranks, so a
/// ranking or correlation built on such an estimate is noise. The least-squares fit scatters at least as much.
/// Independently, N points span at most N − 1 dimensions: an estimate at or above that is not resolvable at all.
/// </summary>
public static class EstimateReliability
{
    /// <summary>The largest relative standard error presented like a normal estimate.</summary>
    public const double MaxRelativeError = 0.2;

    /// <summary>The fewest points in the estimator (n_used) for a relative standard error of at most 20 %: 2 + 1/0.2².</summary>
    public const int MinPoints = 27;

    /// <summary>The relative standard error of the TwoNN MLE from <paramref name="points"/> points, 1/√(N − 2) (infinite for N ≤ 2).</summary>
    public static double RelativeStandardError(int points) => points <= 2 ? double.PositiveInfinity : 1.0 / Math.Sqrt(points - 2);

    /// <summary>True when the estimate can be presented like the others.</summary>
    public static bool IsReliable(int pointsUsed, double id) => Note(pointsUsed, id) is null;

    /// <summary>Why the estimate is unreliable (for twonn.csv's <c>note</c> and the report), or null when it is not; NaN estimates get none.</summary>
    public static string? Note(int pointsUsed, double id)
    {
        if (double.IsNaN(id)) return null;
        var notes = new List<string>();
        if (pointsUsed < MinPoints)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"unreliable: {pointsUsed} points in the estimate (< {MinPoints}; relative standard error 1/sqrt(n - 2) = " +
                $"{(pointsUsed <= 2 ? "infinite" : (100 * RelativeStandardError(pointsUsed)).ToString("F0", CultureInfo.InvariantCulture) + "%")} > 20%)"));
        if (pointsUsed >= 1 && id >= pointsUsed - 1)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"unreliable: ID {id:G4} >= n_used - 1 = {pointsUsed - 1} (n points span at most n - 1 dimensions)"));
        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}
