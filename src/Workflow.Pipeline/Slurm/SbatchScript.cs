using System.Globalization;
using System.Text;

namespace Workflow.Pipeline.Slurm;

/// <summary>
/// Writes the batch script of one <see cref="SbatchJob"/>: <c>#SBATCH</c> lines for the job name, the array, the
/// dependency, the resources and the log path, then a bash body that picks its unit by <c>SLURM_ARRAY_TASK_ID</c> and
/// <c>exec</c>s the idim stage command (so the task's exit code is idim's, which is what <c>afterok</c> reads).
/// </summary>
public static class SbatchScript
{
    /// <summary>Stands for the unit name in <see cref="SbatchJob.Command"/>.</summary>
    public const string UnitPlaceholder = "{unit}";

    /// <summary>The log file pattern of a stage's tasks: <c>&lt;logs&gt;/&lt;stage&gt;-&lt;job&gt;_&lt;task&gt;.log</c>.</summary>
    public static string LogPattern(string logFolder, string stage) =>
        Path.Combine(logFolder, $"{stage.ToLowerInvariant()}-%A_%a.log");

    /// <summary>The log file of one task, once its job id is known.</summary>
    public static string LogPath(string logFolder, string stage, string jobId, int task) =>
        Path.Combine(logFolder, string.Create(CultureInfo.InvariantCulture, $"{stage.ToLowerInvariant()}-{jobId}_{task}.log"));

    public static string Build(SbatchJob job, SlurmSettings settings, string experimentName, string logFolder, string workingDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfZero(job.Units.Count);
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={Safe($"idim-{experimentName}-{job.Stage.ToLowerInvariant()}")}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{job.Units.Count - 1}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={LogPattern(logFolder, job.Stage)}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={workingDirectory}\n");
        if (job.AfterOk.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"#SBATCH --dependency=afterok:{string.Join(':', job.AfterOk)}\n");
            // A failed upstream task makes this job's dependency unsatisfiable: end it instead of leaving it pending forever.
            s.Append("#SBATCH --kill-on-invalid-dep=yes\n");
        }
        if (settings.Partition is { } partition) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        if (settings.Account is { } account) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --account={account}\n");
        if (settings.CpusPerTask is { } cpus) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus}\n");
        if (job.UsesGpu && settings.GpusPerTask is { } gpus and > 0) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --gpus-per-task={gpus}\n");
        if (settings.Mem is { } mem) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={mem}\n");
        if (settings.Time is { } time) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        s.Append("set -euo pipefail\n");
        s.Append("units=(").Append(string.Join(' ', job.Units.Select(Quote))).Append(")\n");
        s.Append("unit=\"${units[$SLURM_ARRAY_TASK_ID]}\"\n");
        s.Append("echo \"idim: ").Append(job.Stage).Append(" unit $unit (job ${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID}) on $(hostname)\"\n");
        s.Append("exec");
        foreach (string word in job.Command)
            s.Append(' ').Append(word == UnitPlaceholder ? "\"$unit\"" : Quote(word));
        s.Append('\n');
        return s.ToString();
    }

    /// <summary>Single-quotes a word for bash (a <c>'</c> inside becomes <c>'\''</c>).</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // Job names show in squeue; keep them to characters every shell and Slurm version takes.
    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
