namespace Workflow.Core.Correlate;

/// <summary>
/// One row of <c>twonn.csv</c> (docs/architecture.md): the ID of one class (or the pooled set,
/// <c>class = all</c>) at one layer of one model. Missing optional numbers are <see cref="double.NaN"/>.
/// </summary>
public sealed record TwoNnRow(
    string Model,
    int Layer,
    double Depth,
    string Class,
    string ClassName,
    string Estimator,
    double Id,
    int N,
    int NUsed,
    int Duplicates,
    double CiLow,
    double CiHigh,
    double R2)
{
    /// <summary>The value of <c>class</c> for the pooled set of all images.</summary>
    public const string PooledClass = "all";

    /// <summary>True for the pooled row (all classes together), which is not a per-class ID.</summary>
    public bool IsPooled => Class == PooledClass;
}
