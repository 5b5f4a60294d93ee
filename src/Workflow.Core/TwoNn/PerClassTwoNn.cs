using System.Runtime.ExceptionServices;

namespace Workflow.Core.TwoNn;

/// <summary>The estimate of one class; <see cref="Error"/> says why there is none when <see cref="Result"/> is null.</summary>
/// <param name="Label">The class label.</param>
/// <param name="Result">The estimate, or null when the class's data allow none.</param>
/// <param name="Error">Why there is no estimate (e.g. fewer than 3 distinct points); null when there is one.</param>
public sealed record ClassTwoNnResult(int Label, TwoNnResult? Result, string? Error);

/// <summary>The pooled estimate over all points and one estimate per class (ascending label).</summary>
/// <param name="All">The estimate on all points.</param>
/// <param name="Classes">One entry per distinct label, ascending.</param>
public sealed record PerClassTwoNnResult(TwoNnResult All, IReadOnlyList<ClassTwoNnResult> Classes);

/// <summary>
/// TwoNN per class plus the pooled "all" set (design.md §1, "Per class"). The jobs are independent, so they
/// run in parallel; pass <c>maxDegreeOfParallelism = 1</c> when the search is itself multi-threaded.
/// </summary>
public static class PerClassTwoNn
{
    /// <summary>Runs TwoNN on all points and on each class's points.</summary>
    /// <param name="points">All points, one per row.</param>
    /// <param name="labels">One label per row.</param>
    /// <param name="search">The neighbour search.</param>
    /// <param name="options">The estimator settings (shared by all jobs, including the seed).</param>
    /// <param name="maxDegreeOfParallelism">Concurrent jobs (−1 = as many as the runtime likes).</param>
    /// <exception cref="TwoNnDataException">The pooled set allows no estimate (a class failing is reported in its entry).</exception>
    public static PerClassTwoNnResult Run(
        PointMatrix points, IReadOnlyList<int> labels, INeighbourSearch search, TwoNnOptions options, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(options);
        if (labels.Count != points.Rows)
            throw new ArgumentException($"Got {labels.Count} labels for {points.Rows} points; need one label per row.", nameof(labels));

        var rowsByLabel = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (!rowsByLabel.TryGetValue(labels[i], out var rows)) rowsByLabel[labels[i]] = rows = [];
            rows.Add(i);
        }
        var groups = rowsByLabel.ToArray();
        var classes = new ClassTwoNnResult[groups.Length];
        TwoNnResult? all = null;
        TwoNnDataException? allError = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };

        void RunJob(int job)
        {
            if (job < 0)
            {
                try { all = TwoNnAnalysis.Run(points, search, options); }
                catch (TwoNnDataException e) { allError = e; }
                return;
            }
            var (label, rows) = groups[job];
            try
            {
                classes[job] = new ClassTwoNnResult(label, TwoNnAnalysis.Run(points.SelectRows(rows), search, options), null);
            }
            catch (TwoNnDataException e)
            {
                classes[job] = new ClassTwoNnResult(label, null, e.Message);
            }
        }

        try
        {
            // Job −1 is the pooled set, the largest job: started first, it keeps the parallel schedule short.
            Parallel.For(-1, groups.Length, parallel, RunJob);
        }
        catch (AggregateException e)
        {
            // Not a data problem (e.g. the search could not start): rethrow the first cause itself, not wrapped.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        if (allError is not null) throw allError;
        return new PerClassTwoNnResult(all!, classes);
    }
}
