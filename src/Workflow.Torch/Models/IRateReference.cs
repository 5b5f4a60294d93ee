namespace Workflow.Torch.Models;

/// <summary>Something a forward's rate is read against, measured right after each timed forward (<see cref="ForwardTiming"/>).</summary>
public interface IRateReference : IDisposable
{
    /// <summary>What is measured, for the benchmark's output.</summary>
    string Description { get; }

    /// <summary>Its rate now, GFLOP/s.</summary>
    double MeasureGflops();
}
