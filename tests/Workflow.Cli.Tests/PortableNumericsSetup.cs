using System.Runtime.CompilerServices;
using Workflow.Core.Numerics;
using Workflow.Torch.Runtime;

namespace Workflow.Cli.Tests;

/// <summary>
/// Every test of this assembly runs with portable numerics (docs/numerics.md): pinned when the assembly loads,
/// before any test can touch TorchSharp, so no expected number depends on this machine's vector width.
/// </summary>
internal static class PortableNumericsSetup
{
#pragma warning disable CA2255 // a test assembly: the pins must be in place before the first test loads libtorch
    [ModuleInitializer]
    internal static void Pin() => TorchNumerics.Configure(NumericsMode.Portable);
#pragma warning restore CA2255
}
