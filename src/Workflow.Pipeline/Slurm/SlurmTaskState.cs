namespace Workflow.Pipeline.Slurm;

/// <summary>Where an array task is, as far as the submitting command cares.</summary>
public enum SlurmPhase
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>One array task as Slurm reports it.</summary>
/// <param name="JobId">The array's job id (what sbatch printed).</param>
/// <param name="Task">The array index (= the unit's position in the job).</param>
/// <param name="State">Slurm's state name, e.g. <c>RUNNING</c>, <c>CANCELLED</c>, <c>NODE_FAIL</c>.</param>
/// <param name="Reason">Slurm's reason (e.g. <c>Dependency</c>, <c>DependencyNeverSatisfied</c>), or null.</param>
public sealed record SlurmTaskState(string JobId, int Task, string State, string? Reason)
{
    /// <summary>
    /// The phase of a Slurm job state (squeue(1) "JOB STATE CODES"). A task pending on a dependency that can never be
    /// satisfied (an upstream task failed) counts as failed: it will never run.
    /// </summary>
    public SlurmPhase Phase => State.ToUpperInvariant() switch
    {
        "COMPLETED" => SlurmPhase.Done,
        "RUNNING" or "COMPLETING" or "STAGE_OUT" or "SIGNALING" or "SUSPENDED" or "STOPPED" => SlurmPhase.Running,
        "PENDING" when Reason == "DependencyNeverSatisfied" => SlurmPhase.Failed,
        "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_FED" or "REQUEUE_HOLD" or "RESIZING" or "RESV_DEL_HOLD" => SlurmPhase.Pending,
        _ => SlurmPhase.Failed, // FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, PREEMPTED, BOOT_FAIL, DEADLINE, …
    };
}
