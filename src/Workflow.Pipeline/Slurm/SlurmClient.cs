using System.Diagnostics;

namespace Workflow.Pipeline.Slurm;

/// <summary>Runs one Slurm command and returns its exit code, standard output and standard error.</summary>
public delegate (int ExitCode, string Stdout, string Stderr) SlurmCommandRunner(string program, IReadOnlyList<string> arguments);

/// <summary>
/// The Slurm commands the executor uses — <c>sbatch</c>, <c>scontrol</c>, <c>sacct</c>, <c>scancel</c> — through their
/// command lines, as Snakemake's Slurm plugin does (no library, any Slurm that has these commands).
/// </summary>
public sealed class SlurmClient(SlurmCommandRunner? runner = null)
{
    private readonly SlurmCommandRunner run = runner ?? RunProcess;

    /// <summary>Whether <c>sbatch</c> can be found on PATH.</summary>
    public static bool Available() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "sbatch")));

    /// <summary>Submits a batch script and returns its job id.</summary>
    public string Submit(string scriptPath, IReadOnlyList<string> extraArguments)
    {
        var (code, stdout, stderr) = run("sbatch", ["--parsable", .. extraArguments, scriptPath]);
        if (code != 0)
            throw new SlurmException($"sbatch failed (exit code {code}) for {scriptPath}: {FirstLine(stderr, stdout)}");
        return SlurmOutputParser.JobId(stdout);
    }

    /// <summary>
    /// The states of every task of a job array. Jobs still known to the controller come from <c>scontrol</c>; a job
    /// already purged from it (after MinJobAge) from <c>sacct</c> where accounting is on; otherwise an empty list.
    /// </summary>
    public IReadOnlyList<SlurmTaskState> Query(string jobId)
    {
        var (code, stdout, _) = run("scontrol", ["show", "job", "-o", jobId]);
        if (code == 0)
        {
            var states = SlurmOutputParser.Scontrol(stdout, jobId);
            if (states.Count > 0) return states;
        }
        var (acctCode, acct, _) = run("sacct", ["-n", "-P", "-X", "-j", jobId, "-o", "JobID,State"]);
        return acctCode == 0 ? SlurmOutputParser.Sacct(acct, jobId) : [];
    }

    /// <summary>Cancels jobs (quietly ignores ones that already ended).</summary>
    public void Cancel(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToList();
        if (ids.Count > 0) run("scancel", ids);
    }

    private static string FirstLine(string stderr, string stdout)
    {
        string text = stderr.Trim().Length > 0 ? stderr : stdout;
        return text.Trim().Split('\n')[0];
    }

    private static (int, string, string) RunProcess(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info) ?? throw new SlurmException($"Could not start {program}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SlurmException($"'{program}' was not found ({e.Message}). Is this a Slurm login node? Start a local cluster with build/slurm/local-cluster.sh start, or use --executor=local.");
        }
    }
}

/// <summary>Slurm refused or failed a command.</summary>
public sealed class SlurmException(string message) : UserError(message);
