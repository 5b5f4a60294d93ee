using System.Security.Cryptography;
using Workflow.Core.Paths;

namespace Workflow.Cli.Tests.Numerics;

/// <summary>
/// The shipped demo's numeric stages (data → embed → twonn → correlate) run three times in portable mode, each in
/// its own processes: 2 threads; 1 thread; and 2 threads with this machine's AVX-512 hidden from .NET while the
/// environment asks libtorch for AVX-512 kernels (ATen, MKL, oneDNN) — what a user's shell could hold, and what the
/// portable pins must override. Shared by the tests of <see cref="PortableNumericsTests"/>.
/// </summary>
public sealed class PortableDemoRuns : IDisposable
{
    private static readonly string RepoRoot = ArtifactsFolder.RepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Workflow.sln not found above " + AppContext.BaseDirectory);

    private readonly string _root = Directory.CreateTempSubdirectory("idim-numerics-").FullName;
    private readonly Lazy<string> _twoThreads, _oneThread, _otherIsa;

    public PortableDemoRuns()
    {
        _twoThreads = new(() => Run("threads2", new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "2" }));
        _oneThread = new(() => Run("threads1", new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" }));
        _otherIsa = new(() => Run("other-isa", new Dictionary<string, string>
        {
            ["OMP_NUM_THREADS"] = "2",
            ["DOTNET_EnableAVX512"] = "0", // .NET 10's switch (DOTNET_EnableAVX512F, .NET 8/9's, no longer hides it)
            ["DOTNET_EnableAVX512F"] = "0",
            ["ATEN_CPU_CAPABILITY"] = "avx512",
            ["MKL_CBWR"] = "AVX512",
            ["ONEDNN_MAX_CPU_ISA"] = "AVX512_CORE",
        }));
    }

    /// <summary>The demo's experiment file in this repository.</summary>
    public static string Demo => Path.Combine(RepoRoot, "experiments", "demo.yaml");

    /// <summary>docs/numerics-hashes.json in this repository.</summary>
    public static string RecordedHashes => Path.Combine(RepoRoot, "docs", "numerics-hashes.json");

    /// <summary>The demo folder (artifacts/demo) of each run.</summary>
    public string TwoThreads => _twoThreads.Value;
    public string OneThread => _oneThread.Value;
    public string OtherIsa => _otherIsa.Value;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string Run(string name, Dictionary<string, string> environment)
    {
        string artifacts = Path.Combine(_root, name);
        foreach (string stage in new[] { "data", "embed", "twonn", "correlate" })
        {
            string[] numerics = stage is "embed" or "twonn" ? ["--numerics", "portable"] : [];
            IdimProcess.Run(environment, [stage, "--experiment", Demo, "--artifacts", artifacts, .. numerics]);
        }
        return Path.Combine(artifacts, "demo");
    }
}
