namespace Workflow.Pipeline.Slurm;

/// <summary>A job array this run submitted: its id, what it produces, and where its tasks log.</summary>
public sealed record SubmittedJob(string JobId, SbatchJob Job, string LogFolder)
{
    /// <summary>The log of array task <paramref name="task"/>.</summary>
    public string LogOf(int task) => SbatchScript.LogPath(LogFolder, Job.Stage, JobId, task);

    /// <summary>The unit array task <paramref name="task"/> produces.</summary>
    public string UnitOf(int task) => task >= 0 && task < Job.Units.Count ? Job.Units[task] : $"task {task}";
}
