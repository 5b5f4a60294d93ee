using System.Text.Json.Nodes;
using Workflow.Core.Cache;

namespace Workflow.Core.Tests.Cache;

public sealed class StageCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("idim-cache").FullName;
    private readonly StageKey _key = new("TwoNN");

    public void Dispose() => Directory.Delete(_folder, true);

    private static StageInputs Inputs(string estimator = "fit", string inputHash = "xxh128:aa") =>
        new("twonn/1", new JsonObject { ["twonn"] = new JsonObject { ["estimator"] = estimator, ["discard_fraction"] = 0.1 } },
            new Dictionary<string, string> { ["embeddings/a.parquet"] = inputHash });

    private StageCache RunOnce(StageInputs inputs)
    {
        var cache = new StageCache(_folder, "test");
        File.WriteAllText(Path.Combine(_folder, "twonn.csv"), "model,id\na,5.0\n");
        cache.Commit(_key, inputs, ["twonn.csv"], DateTime.UtcNow);
        return cache;
    }

    [Fact]
    public void Should_BeUpToDate_When_NothingChanged()
    {
        var cache = RunOnce(Inputs());
        var status = cache.Check(_key, Inputs(), verify: true);
        Assert.True(status.UpToDate, status.ToString());
    }

    [Fact]
    public void Should_NameTheSetting_When_AParameterChanged()
    {
        var cache = RunOnce(Inputs());
        var status = cache.Check(_key, Inputs(estimator: "mle"), verify: false);
        Assert.False(status.UpToDate);
        Assert.Contains(status.Reasons, r => r.Contains("twonn.estimator") && r.Contains("\"fit\"") && r.Contains("\"mle\""));
    }

    [Fact]
    public void Should_NameTheInput_When_AnInputHashChanged()
    {
        var cache = RunOnce(Inputs());
        var status = cache.Check(_key, Inputs(inputHash: "xxh128:bb"), verify: false);
        Assert.Equal(["input embeddings/a.parquet changed"], status.Reasons);
    }

    [Fact]
    public void Should_DetectEditOnlyWithVerify_When_SizeAndTimeArePreserved()
    {
        var cache = RunOnce(Inputs());
        string output = Path.Combine(_folder, "twonn.csv");
        var mtime = File.GetLastWriteTimeUtc(output);
        File.WriteAllText(output, "model,id\na,6.0\n"); // same length, different content
        File.SetLastWriteTimeUtc(output, mtime);

        Assert.True(cache.Check(_key, Inputs(), verify: false).UpToDate);
        var verified = cache.Check(_key, Inputs(), verify: true);
        Assert.False(verified.UpToDate);
        Assert.Contains(verified.Reasons, r => r.Contains("twonn.csv was modified"));
    }

    [Fact]
    public void Should_BeStale_When_OutputIsMissingOrRecordInvalidated()
    {
        var cache = RunOnce(Inputs());
        File.Delete(Path.Combine(_folder, "twonn.csv"));
        Assert.Contains(cache.Check(_key, Inputs(), verify: false).Reasons, r => r.Contains("missing"));

        cache = RunOnce(Inputs());
        cache.Invalidate(_key);
        Assert.Equal(["never completed (no stage record)"], cache.Check(_key, Inputs(), verify: false).Reasons);
    }

    [Fact]
    public void Should_GiveSameFingerprint_When_KeysAreWrittenInAnotherOrder()
    {
        var a = new StageInputs("v", new JsonObject { ["x"] = 1, ["y"] = 2 }, new Dictionary<string, string> { ["p"] = "1", ["q"] = "2" });
        var b = new StageInputs("v", new JsonObject { ["y"] = 2, ["x"] = 1 }, new Dictionary<string, string> { ["q"] = "2", ["p"] = "1" });
        Assert.Equal(a.Fingerprint(_key), b.Fingerprint(_key));
        Assert.NotEqual(a.Fingerprint(_key), a.Fingerprint(new StageKey("TwoNN", "other")));
    }

    [Fact]
    public void Should_RefuseSecondHolder_When_NoWaitIsAsked()
    {
        using var first = ExperimentLock.Acquire(_folder, wait: false);
        var error = Assert.Throws<InvalidOperationException>(() => ExperimentLock.Acquire(_folder, wait: false));
        Assert.Contains("Another idim run", error.Message);
    }

    [Fact]
    public async Task Should_WaitAndSaySo_When_AnotherRunHoldsTheLock()
    {
        var first = ExperimentLock.Acquire(_folder, wait: false);
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = Task.Run(() => ExperimentLock.Acquire(_folder, wait: true, message => waiting.TrySetResult(message)));

        // The second run says it waits (it can only say so while blocked), and gets the lock once the first lets go.
        string message = await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("waiting for it to finish", message);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Should_LeaveNoFile_When_AtomicWriteFails()
    {
        string path = Path.Combine(_folder, "out.bin");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("interrupted");
        }));
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
