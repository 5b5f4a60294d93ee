namespace Workflow.Core.Statistics;

/// <summary>
/// Pairwise correlations of several series (e.g. per-class IDs of each model), laid out like the poster's
/// table: Pearson r in the lower triangle (row &gt; column), Spearman ρ in the upper triangle (row &lt; column),
/// 1 on the diagonal.
/// </summary>
public sealed record CorrelationMatrix
{
    private readonly CorrelationResult[,] pearson;
    private readonly CorrelationResult[,] spearman;

    private CorrelationMatrix(IReadOnlyList<string> names, CorrelationResult[,] pearson, CorrelationResult[,] spearman)
    {
        Names = names;
        this.pearson = pearson;
        this.spearman = spearman;
    }

    /// <summary>Names of the series (rows and columns), in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of series.</summary>
    public int Count => Names.Count;

    /// <summary>Correlates every pair of <paramref name="series"/> (equal lengths, ≥ 3 values each).</summary>
    /// <param name="names">One name per series.</param>
    /// <param name="series">The series; series[i][c] is the value of series i for item c (e.g. class c).</param>
    public static CorrelationMatrix Compute(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<double>> series)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(series);
        if (names.Count != series.Count)
            throw new ArgumentException($"Got {names.Count} names for {series.Count} series.", nameof(names));
        int m = series.Count;
        var pearson = new CorrelationResult[m, m];
        var spearman = new CorrelationResult[m, m];
        for (int i = 0; i < m; i++)
        {
            for (int j = i; j < m; j++)
            {
                pearson[i, j] = pearson[j, i] = Correlation.Pearson(series[i], series[j]);
                spearman[i, j] = spearman[j, i] = Correlation.Spearman(series[i], series[j]);
            }
        }
        return new CorrelationMatrix(names.ToArray(), pearson, spearman);
    }

    /// <summary>Pearson r (and p) of series <paramref name="i"/> and <paramref name="j"/>.</summary>
    public CorrelationResult Pearson(int i, int j) => pearson[i, j];

    /// <summary>Spearman ρ (and p) of series <paramref name="i"/> and <paramref name="j"/>.</summary>
    public CorrelationResult Spearman(int i, int j) => spearman[i, j];

    /// <summary>The entry the poster shows at (row, column): Pearson below the diagonal, Spearman above, the diagonal itself is Pearson (1).</summary>
    public CorrelationResult Cell(int row, int column) => row >= column ? pearson[row, column] : spearman[row, column];
}
