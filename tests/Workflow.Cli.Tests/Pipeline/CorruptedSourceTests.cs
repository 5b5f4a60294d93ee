using System.Security.Cryptography;
using System.Text.Json;
using Workflow.Torch.Tests.Hub;
using Workflow.Torch.Tiny;

namespace Workflow.Cli.Tests.Pipeline;

/// <summary>
/// Probe #6: one flipped byte in a tiny model, in the generated calibration dataset or in a Hub blob is caught by
/// <c>plan --verify</c> and made whole (written again, fetched again) by a forced or verifying run; the records and
/// model.json then carry the sha256 of the original bytes, which the tests compute themselves. A deleted generated
/// folder is written again by the next plain run.
/// </summary>
public sealed class CorruptedSourceTests : IDisposable
{
    private readonly PipelineWorkspace _workspace = new("corrupt", perClass: 10, models: """
          - name: vit
            tiny: { family: vit, seed: 1 }
        """);
    private readonly Dictionary<string, string?> _saved = new();

    private string TinyWeights => Path.Combine(_workspace.Artifacts, "models", "tiny-vit-seed1-v1", "model.safetensors");
    private string CalibrationBatch => Path.Combine(_workspace.Artifacts, "data", "calibration", "data_batch_1.bin");

    private static void FlipOneByte(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void Should_CatchAndRewriteTheTinyModel_When_OneByteIsFlipped()
    {
        _workspace.Run("data");
        _workspace.Run("embed");
        byte[] original = File.ReadAllBytes(TinyWeights);
        FlipOneByte(TinyWeights);

        Assert.Contains("Embed[vit]: up to date", _workspace.Run("plan")); // without --verify the recipe is trusted
        string verified = _workspace.Run("plan", "--verify");
        _workspace.Run("embed", "--force");

        Assert.Contains("Embed[vit]: stale", verified);
        Assert.Contains("model.safetensors was changed", verified);
        Assert.Equal(original, File.ReadAllBytes(TinyWeights));
        using var info = JsonDocument.Parse(File.ReadAllText(_workspace.PathOf("embeddings/vit/model.json")));
        Assert.Equal(Sha256(original), info.RootElement.GetProperty("weights")[0].GetProperty("Sha256").GetString());
        Assert.Contains("Embed[vit]: up to date", _workspace.Run("plan", "--verify"));
    }

    [Fact]
    public void Should_CatchAndRegenerateTheCalibrationData_When_OneByteIsFlippedOrTheFolderIsDeleted()
    {
        _workspace.Run("data");
        byte[] original = File.ReadAllBytes(CalibrationBatch);
        FlipOneByte(CalibrationBatch);

        string verified = _workspace.Run("plan", "--verify");
        _workspace.Run("data", "--force");
        byte[] afterForce = File.ReadAllBytes(CalibrationBatch);
        Directory.Delete(Path.GetDirectoryName(CalibrationBatch)!, recursive: true);
        _workspace.Run("data"); // a plain run: the Data stage itself is up to date, its source is missing

        Assert.Contains("Data: stale", verified);
        Assert.Contains("data_batch_1.bin was changed", verified);
        Assert.Equal(original, afterForce);
        Assert.Equal(original, File.ReadAllBytes(CalibrationBatch));
        Assert.Contains("Data: up to date", _workspace.Run("plan", "--verify"));
    }

    [Fact]
    public void Should_CatchAndFetchTheHubBlobAgain_When_OneByteIsFlipped()
    {
        const string repo = "idim-test/tiny-vit";
        string cache = Path.Combine(_workspace.Root, "hf");
        string model = Path.Combine(_workspace.Root, "served");
        TinyCheckpoint.Write(model, "vit", 1);
        using var hub = new FakeHub();
        hub.EverythingElseMissing(repo);
        foreach (string at in new[] { "main", FakeHub.Commit })
        {
            foreach (string file in new[] { "config.json", "preprocessor_config.json" })
                hub.ServeSmallFile(repo, at, file, File.ReadAllBytes(Path.Combine(model, file)));
            hub.ServeLfsFile(repo, at, "model.safetensors", File.ReadAllBytes(Path.Combine(model, "model.safetensors")));
        }
        SetEnvironment("HF_ENDPOINT", hub.Endpoint);
        SetEnvironment("HF_HUB_CACHE", cache);
        SetEnvironment("HF_TOKEN", null);
        SetEnvironment("HF_HUB_OFFLINE", null);
        _workspace.WriteExperiment(10, $"""
              - name: hub
                repo: {repo}
            """, "estimator: fit");
        _workspace.Run("data");
        _workspace.Run("embed");
        byte[] original = File.ReadAllBytes(Path.Combine(model, "model.safetensors"));
        string blob = Path.Combine(cache, "models--idim-test--tiny-vit", "blobs", Sha256(original));
        FlipOneByte(blob);

        string verified = _workspace.Run("plan", "--verify");
        _workspace.Run("embed", "--force");

        Assert.Contains("Embed[hub]: stale", verified);
        Assert.Contains("no longer matches its hash", verified);
        Assert.Equal(original, File.ReadAllBytes(blob));
        using var info = JsonDocument.Parse(File.ReadAllText(_workspace.PathOf("embeddings/hub/model.json")));
        Assert.Equal(Sha256(original), info.RootElement.GetProperty("weights")[0].GetProperty("Sha256").GetString());
    }

    private void SetEnvironment(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        _workspace.Dispose();
    }
}
