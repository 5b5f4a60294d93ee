using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Weights;

/// <summary>The loader fails loudly, naming the cause; documented known-unused keys are the only exception.</summary>
public class CheckpointLoadingTests : IDisposable
{
    private readonly List<string> folders = [];

    private string Copy(string fixture, params string[] skip)
    {
        string folder = HfTinyFixture.CopyToTemp(fixture, skip);
        folders.Add(folder);
        return folder;
    }

    private static void Rewrite(string folder, Action<Dictionary<string, Tensor>> change)
    {
        string path = Path.Combine(folder, "model.safetensors");
        Dictionary<string, Tensor> tensors = SafetensorsFile.Load(path);
        change(tensors);
        SafetensorsWriter.Write(path, tensors.Select(kv => (kv.Key, kv.Value)));
    }

    private static InvalidDataException LoadFails(string folder) =>
        Assert.Throws<InvalidDataException>(() => PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32).Dispose());

    [Fact]
    public void Should_NameTheMissingTensor_When_ACheckpointKeyIsMissing()
    {
        string folder = Copy("vit");
        Rewrite(folder, t => t.Remove("encoder.layer.1.attention.attention.key.bias"));

        InvalidDataException error = LoadFails(folder);

        Assert.Contains("missing from the checkpoint (1): encoder.layer.1.attention.attention.key.bias", error.Message);
    }

    [Fact]
    public void Should_LoadAndRecordTheExtraTensor_When_TheCheckpointHasAnUnexpectedKey()
    {
        string folder = Copy("beit");
        Rewrite(folder, t => t["encoder.layer.0.attention.attention.key.bias"] = zeros(32));

        using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);

        Assert.Equal(["encoder.layer.0.attention.attention.key.bias"], model.Provenance.UnexpectedKeys);
    }

    [Fact]
    public void Should_WarnAsTransformersDoes_When_KeysAreUnexpected()
    {
        var report = new WeightLoadReport([], ["lm_head.bias", "lm_head.weight"]);

        string? warning = report.Warning("org/model", "BeitForImageClassification");

        Assert.Equal("Some weights of the model checkpoint at org/model were not used when initializing BeitForImageClassification (2): " +
                     "lm_head.bias, lm_head.weight. This is expected when the checkpoint was trained with another head or task; " +
                     "otherwise check that config.json and the weights come from the same model.", warning);
        Assert.Null(new WeightLoadReport(["classifier.weight"], []).Warning("org/model", "BeitModel"));
    }

    [Fact]
    public void Should_StillFailListingBoth_When_ARenamedTensorIsMissingAndUnexpected()
    {
        string folder = Copy("vit");
        Rewrite(folder, t =>
        {
            t["encoder.layer.1.attention.attention.key.bias_renamed"] = t["encoder.layer.1.attention.attention.key.bias"];
            t.Remove("encoder.layer.1.attention.attention.key.bias");
        });

        InvalidDataException error = LoadFails(folder);

        Assert.Contains("missing from the checkpoint (1): encoder.layer.1.attention.attention.key.bias", error.Message);
        Assert.Contains("unexpected in the checkpoint (1): encoder.layer.1.attention.attention.key.bias_renamed", error.Message);
    }

    [Fact]
    public void Should_NameTheTensorAndBothShapes_When_ATensorIsMisshaped()
    {
        string folder = Copy("data2vec-vision");
        Rewrite(folder, t => t["encoder.layer.0.intermediate.dense.bias"] = zeros(65));

        InvalidDataException error = LoadFails(folder);

        Assert.Contains("wrong shape (1): encoder.layer.0.intermediate.dense.bias (checkpoint [65], model [64])", error.Message);
    }

    [Fact]
    public void Should_SayTruncated_When_TheSafetensorsFileIsCut()
    {
        string folder = Copy("vit");
        string path = Path.Combine(folder, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        InvalidDataException error = LoadFails(folder);

        Assert.Contains("model.safetensors is not a valid safetensors file", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Should_SayTheHeaderDoesNotParse_When_TheHeaderIsCorrupt()
    {
        string folder = Copy("vit");
        string path = Path.Combine(folder, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)'#'; // the header's opening brace
        File.WriteAllBytes(path, bytes);

        InvalidDataException error = LoadFails(folder);

        Assert.Contains("JSON header does not parse", error.Message);
    }

    [Fact]
    public void Should_SayTheLengthIsImpossible_When_TheHeaderLengthIsGarbage()
    {
        string folder = Copy("vit");
        string path = Path.Combine(folder, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[7] = 0x7f;
        File.WriteAllBytes(path, bytes);

        InvalidDataException error = LoadFails(folder);

        Assert.Contains("not a safetensors file or its first bytes are damaged", error.Message);
    }

    [Fact]
    public void Should_SayDamagedOrTruncated_When_PytorchModelBinIsCut()
    {
        string folder = Copy("vit", skip: "model.safetensors");
        string path = Path.Combine(folder, "pytorch_model.bin");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 200)]);

        InvalidDataException error = LoadFails(folder);

        Assert.Contains("pytorch_model.bin", error.Message);
    }

    [Fact]
    public void Should_NameTheMissingShard_When_AShardIsAbsent()
    {
        string folder = Copy("data2vec-vision-classifier", skip: "model-00002-of-00002.safetensors");

        var error = Assert.Throws<FileNotFoundException>(() => PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32).Dispose());

        Assert.Contains("model-00002-of-00002.safetensors", error.Message);
    }

    [Fact]
    public void Should_IgnoreTheClassifier_When_TheBaseModelIsAskedForOnAClassifierCheckpoint()
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTinyFixture.Reference("vit-classifier");
        using var model = PretrainedVisionModel.Load(HfTinyFixture.Folder("vit-classifier"), null, "cpu", ScalarType.Float32,
            new VisionModelLoadOptions { Head = ModelHead.Base });

        using VisionModelOutput output = model.Forward(reference["pixel_values"]);

        Assert.Equal(nameof(ViTModel), model.Provenance.ClassName);
        Assert.Contains("classifier.weight", model.Provenance.IgnoredKeys);
        Assert.Null(output.Logits);
        Assert.Null(output.PoolerOutput); // the checkpoint has no pooler weights: left out rather than random
        Assert.True(HfTinyFixture.MaxAbsDiff(output.LastHiddenState, reference["last_hidden_state"]) <= 1e-4);
    }

    [Fact]
    public void Should_AddTheBasePrefix_When_AClassifierLoadsAnUnprefixedCheckpoint()
    {
        string folder = Copy("beit-classifier");
        Rewrite(folder, t =>
        {
            foreach (string key in t.Keys.Where(k => k.StartsWith("beit.", StringComparison.Ordinal)).ToList())
            {
                t[key["beit.".Length..]] = t[key];
                t.Remove(key);
            }
        });

        using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);

        Assert.Equal(nameof(BeitForImageClassification), model.Provenance.ClassName);
    }

    [Fact]
    public void Should_SayWhatToDo_When_TheClassifierIsAskedForWithoutClassifierWeights()
    {
        var error = Assert.Throws<InvalidDataException>(() => PretrainedVisionModel.Load(HfTinyFixture.Folder("vit"), null, "cpu",
            ScalarType.Float32, new VisionModelLoadOptions { Head = ModelHead.Classifier }).Dispose());

        Assert.Contains("no classifier.weight", error.Message);
    }

    public void Dispose()
    {
        foreach (string folder in folders) Directory.Delete(folder, recursive: true);
    }
}
