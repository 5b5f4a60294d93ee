using Workflow.Core.Data;

namespace Workflow.Core.TwoNn;

/// <summary>
/// The seeds of TwoNN's random choices, derived from the one user seed (<c>twonn.seed</c> / <c>--seed</c>) by
/// <see cref="DeterministicRandom.ForStream"/>, so the bootstrap and the decimation draw independent streams.
/// </summary>
internal static class SeedStream
{
    private const ulong BootstrapStream = 1, DecimationStream = 2;

    public static ulong Bootstrap(int seed) => DeterministicRandom.ForStream((ulong)seed, BootstrapStream).NextUInt64();

    public static ulong Decimation(int seed) => DeterministicRandom.ForStream((ulong)seed, DecimationStream).NextUInt64();
}
