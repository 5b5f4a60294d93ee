using System.Text.Json.Nodes;
using Workflow.Torch.Models;
using Workflow.Torch.Preprocessing;
using Workflow.Torch.Rehearsal;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Rehearsal;

/// <summary>
/// The nine poster repos' real config.json / preprocessor_config.json build the class <c>architectures</c> names with
/// the processor transformers picks, from a random checkpoint in the repo's real weight format. Expected values are
/// the Hub's (the tables of Rehearsal/PosterRepos/README.md), not this code's.
/// </summary>
public class PosterCheckpointTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "idim-poster-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>What the Hub's files say (README tables): class, hidden, layers, patch, labels (0 = headless), weights, processor, resample, id2label[0].</summary>
    public sealed record Expected(string Class, int Hidden, int Layers, int Patch, int Labels, string WeightFile, string Processor, int Resample, string? FirstLabel);

    private static readonly Dictionary<string, Expected> Hub = new()
    {
        ["google/vit-base-patch16-224"] = new("ViTForImageClassification", 768, 12, 16, 1000, "model.safetensors", "ViTImageProcessor", 2, "tench, Tinca tinca"),
        ["google/vit-large-patch16-224"] = new("ViTForImageClassification", 1024, 24, 16, 1000, "pytorch_model.bin", "ViTImageProcessor", 2, "tench, Tinca tinca"),
        ["google/vit-huge-patch14-224-in21k"] = new("ViTModel", 1280, 32, 14, 0, "model.safetensors", "ViTImageProcessor", 2, null),
        ["nateraw/vit-base-patch16-224-cifar10"] = new("ViTForImageClassification", 768, 12, 16, 10, "pytorch_model.bin", "ViTImageProcessor", 2, "LABEL_0"),
        ["microsoft/beit-base-patch16-224"] = new("BeitForImageClassification", 768, 12, 16, 1000, "model.safetensors", "BeitImageProcessor", 2, "tench, Tinca tinca"),
        ["microsoft/beit-large-patch16-224"] = new("BeitForImageClassification", 1024, 24, 16, 1000, "pytorch_model.bin", "BeitImageProcessor", 2, "tench, Tinca tinca"),
        ["facebook/data2vec-vision-base"] = new("Data2VecVisionModel", 768, 12, 16, 0, "pytorch_model.bin", "BeitImageProcessor", 3, null),
        ["facebook/data2vec-vision-base-ft1k"] = new("Data2VecVisionForImageClassification", 768, 12, 16, 1000, "pytorch_model.bin", "BeitImageProcessor", 3, "tench, Tinca tinca"),
        ["jadohu/BEiT-finetuned"] = new("BeitForImageClassification", 768, 12, 16, 10, "pytorch_model.bin", "BeitImageProcessor", 2, "airplane"),
    };

    public static TheoryData<string> Repos => new(Hub.Keys);

    [Theory]
    [MemberData(nameof(Repos))]
    public void Should_ReadTheHubsSizesAndLabels_When_TheRealConfigIsParsed(string repo)
    {
        Expected e = Hub[repo];

        var config = (VisionConfig)ModelFamilies.ParseConfig(PosterRepos.Config(repo));

        Assert.Equal(e.Class, config.Architecture);
        Assert.Equal((e.Hidden, e.Layers, e.Patch, 224), (config.HiddenSize, config.NumHiddenLayers, config.PatchHeight, config.ImageHeight));
        // ImageNet label2id has 999 entries ("crane" twice): the count comes from id2label.
        if (e.Labels > 0) Assert.Equal((e.Labels, e.Labels), (config.NumLabels, config.Id2Label.Count));
        if (e.FirstLabel is not null) Assert.Equal(e.FirstLabel, config.Id2Label[0]);
    }

    [Fact]
    public void Should_Have999Label2IdEntries_When_TheConfigIsImageNet()
    {
        JsonObject label2id = JsonNode.Parse(PosterRepos.Config("google/vit-base-patch16-224"))!["label2id"]!.AsObject();

        Assert.Equal(999, label2id.Count);
        Assert.Equal(517, (int)label2id["crane"]!);
    }

    [Theory]
    [MemberData(nameof(Repos))]
    public void Should_BuildTheNamedClassWithItsProcessor_When_ARandomCheckpointInTheRealFormatIsLoaded(string repo)
    {
        var (className, _, _, patch, labels, weightFile, processorClass, resample, _) = Hub[repo];
        string folder = Path.Combine(root, repo.Replace('/', '_'));
        WeightFormat format = PosterRepos.Format(repo);
        RandomCheckpoint.Write(folder, CheckpointShrink.Ci.Apply(PosterRepos.Config(repo)), PosterRepos.Preprocessor(repo), format, seed: 1);

        using var model = PretrainedVisionModel.Load(folder, null, "cpu", ScalarType.Float32);

        Assert.Equal(className, model.Provenance.ClassName);
        Assert.Equal(weightFile, Assert.Single(model.Provenance.WeightFiles).FileName);
        Assert.Empty(model.Provenance.UnexpectedKeys);
        if (repo.Contains("beit", StringComparison.OrdinalIgnoreCase) || repo.Contains("data2vec", StringComparison.Ordinal))
            Assert.Contains(model.Provenance.IgnoredKeys, k => k.EndsWith("relative_position_index", StringComparison.Ordinal));
        ImageProcessorConfig processor = model.Processor.Config;
        Assert.Equal(processorClass, processor.ProcessorClass);
        Assert.Equal((PillowFilter)resample, processor.Resample);
        Assert.Equal((224, 224), processor.OutputSize);
        Assert.False(processor.DoCenterCrop); // BEiT files say do_center_crop false next to crop_size 224

        using var pixels = randn(1, 3, 224, 224);
        using VisionModelOutput output = model.Forward(pixels);
        Assert.Equal(CheckpointShrink.Ci.Layers + 1, output.HiddenStates.Count);
        Assert.Equal([1L, 1 + (224 / patch) * (224 / patch), CheckpointShrink.Ci.HiddenSize], output.HiddenStates[^1].shape);
        if (labels > 0) Assert.Equal([1L, labels], output.Logits!.shape);
        else Assert.Null(output.Logits);
    }

    [Fact]
    public void Should_ListSixBinOnlyRepos_When_TheFileListsAreRead()
    {
        var binOnly = PosterRepos.All.Where(r => PosterRepos.Format(r) == WeightFormat.PyTorchBin).ToArray();

        Assert.Equal(new[] { "facebook/data2vec-vision-base", "facebook/data2vec-vision-base-ft1k", "google/vit-large-patch16-224",
            "nateraw/vit-base-patch16-224-cifar10", "microsoft/beit-large-patch16-224", "jadohu/BEiT-finetuned" }.Order(), binOnly.Order());
    }

    [Fact]
    public void Should_MatchTransformersIndexTable_When_TheRelativePositionIndexIsBuiltFor2x2Patches()
    {
        // BeitRelativePositionBias(window_size=(2, 2)): 12 distances; row 0 (cls→token) = 12 − 3, column 0 (token→cls)
        // = 12 − 2, [0, 0] = 12 − 1; token i at (i / 2, i % 2): index = (Δy + 1)·3 + (Δx + 1), worked by hand.
        long[] expected =
        [
            11, 9, 9, 9, 9,
            10, 4, 3, 1, 0,
            10, 5, 4, 2, 1,
            10, 7, 6, 4, 3,
            10, 8, 7, 5, 4,
        ];

        using Tensor index = RandomCheckpoint.RelativePositionIndex((2, 2));

        Assert.Equal(expected, index.data<long>().ToArray());
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
