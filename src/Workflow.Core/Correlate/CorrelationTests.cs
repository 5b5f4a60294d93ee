using Workflow.Core.Statistics;

namespace Workflow.Core.Correlate;

/// <summary>
/// <see cref="Correlation.Pearson"/> / <see cref="Correlation.Spearman"/> for the stage, where a coefficient may be
/// undefined: fewer than three classes, or a model whose per-class IDs are all equal, give NaN instead of an
/// exception (scipy returns nan with a ConstantInputWarning in the same case).
/// </summary>
internal static class CorrelationTests
{
    public static CorrelationResult Undefined(CorrelationMethod method, int n) => new(method, double.NaN, double.NaN, n);

    public static CorrelationResult Pearson(double[] x, double[] y) =>
        Defined(x, y) ? Correlation.Pearson(x, y) : Undefined(CorrelationMethod.Pearson, x.Length);

    public static CorrelationResult Spearman(double[] x, double[] y) =>
        Defined(x, y) ? Correlation.Spearman(x, y) : Undefined(CorrelationMethod.Spearman, x.Length);

    // Correlation needs n − 2 > 0 degrees of freedom and two non-constant samples.
    private static bool Defined(double[] x, double[] y) =>
        x.Length >= 3 && x.Distinct().Skip(1).Any() && y.Distinct().Skip(1).Any();
}
