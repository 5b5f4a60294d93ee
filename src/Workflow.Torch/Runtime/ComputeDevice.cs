using TorchSharp;

namespace Workflow.Torch.Runtime;

/// <summary>
/// The one place where a compute device is chosen (<c>--device cpu|cuda|auto</c>). Everything that runs
/// TorchSharp asks this type for its device rather than deciding on its own.
/// </summary>
public static class ComputeDevice
{
    /// <summary>The device names accepted on the command line and in experiment files.</summary>
    public static readonly IReadOnlyList<string> Choices = ["auto", "cpu", "cuda"];

    /// <summary>Resolves a device name: <c>auto</c> takes CUDA when libtorch can see a GPU, else the CPU.</summary>
    /// <exception cref="ArgumentException">Unknown name, or <c>cuda</c> asked for where no GPU is usable.</exception>
    public static torch.Device Resolve(string? name)
    {
        TorchRuntime.EnsureLoaded();
        switch ((name ?? "auto").Trim().ToLowerInvariant())
        {
            case "auto":
                return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            case "cpu":
                return torch.CPU;
            case "cuda":
                if (!torch.cuda.is_available())
                    throw new ArgumentException(
                        "--device cuda was requested but libtorch sees no CUDA device. This build uses the " +
                        $"'{TorchRuntime.Backend}' backend; build with -p:TorchBackend=cuda on a machine with a GPU, or use --device cpu.",
                        nameof(name));
                return torch.CUDA;
            default:
                throw new ArgumentException($"Unknown device '{name}'. Expected one of: {string.Join(", ", Choices)}.", nameof(name));
        }
    }
}
