using System.Diagnostics;
using System.Globalization;

namespace Workflow.Pipeline.Slurm;

/// <summary>The outcome of waiting on the jobs of one run.</summary>
/// <param name="Succeeded">Every task completed.</param>
/// <param name="Failed">The tasks that failed (or can never run), with their states.</param>
public sealed record SlurmOutcome(bool Succeeded, IReadOnlyList<(SubmittedJob Job, SlurmTaskState Task)> Failed);

/// <summary>
/// Waits on the submitted job arrays, polling Slurm in one batch per interval (Snakemake's Slurm plugin polls the
/// same way), and prints a line whenever the counts change — pending / running / done / failed, no carriage-return
/// bars, so a redirected log stays readable. On the first failure it cancels what is left of this run and reports.
/// </summary>
public sealed class SlurmMonitor(SlurmClient client, TextWriter output, TimeSpan poll, TimeSpan? limit = null)
{
    public SlurmOutcome Wait(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        int total = jobs.Sum(j => j.Job.Units.Count);
        while (true)
        {
            var states = jobs.SelectMany(j => Tasks(j).Select(t => (Job: j, Task: t))).ToList();
            int Count(SlurmPhase phase) => states.Count(s => s.Task.Phase == phase);
            int done = Count(SlurmPhase.Done), failed = Count(SlurmPhase.Failed);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"slurm: {total} tasks — pending {Count(SlurmPhase.Pending)}, running {Count(SlurmPhase.Running)}, done {done}, failed {failed}");
            if (line != last)
            {
                output.WriteLine(line);
                last = line;
            }
            if (failed > 0)
            {
                client.Cancel(jobs.Select(j => j.JobId));
                return new SlurmOutcome(false, states.Where(s => s.Task.Phase == SlurmPhase.Failed).ToList());
            }
            if (done == total) return new SlurmOutcome(true, []);
            if (limit is { } l && clock.Elapsed > l)
                throw new SlurmException($"The Slurm jobs did not finish within {l.TotalSeconds:0} s ({line}); they are still queued. Check them with squeue, or rerun the same command later: it submits only what is still stale.");
            if (cancellationToken.WaitHandle.WaitOne(poll)) cancellationToken.ThrowIfCancellationRequested();
        }
    }

    // A job Slurm no longer knows (purged, no accounting) reports no tasks; count them as pending until it does, so a
    // slow controller never looks like success. Missing array indices of a known job are pending too.
    private IEnumerable<SlurmTaskState> Tasks(SubmittedJob job)
    {
        var known = client.Query(job.JobId).GroupBy(s => s.Task).ToDictionary(g => g.Key, g => g.Last());
        for (int task = 0; task < job.Job.Units.Count; task++)
            yield return known.GetValueOrDefault(task) ?? new SlurmTaskState(job.JobId, task, "PENDING", "Unknown");
    }

    /// <summary>The last <paramref name="lines"/> lines of a task's log, or a note that it has none yet.</summary>
    public static string LogTail(string path, int lines = 20)
    {
        if (!File.Exists(path)) return $"(no log at {path}: the task never started)";
        var all = File.ReadAllLines(path);
        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
    }
}
