using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models;

/// <summary>
/// A Data2VecVision checkpoint that holds the pooler's weights (<c>pooler.layernorm.*</c>) gives <c>pooler_output</c>
/// (issue 10 item 5: they used to be read and dropped). Reference: the pooler output transformers 4.43.4 computed inside
/// Data2VecVisionForImageClassification for the same checkpoint and pixels.
/// </summary>
public class Data2VecPoolerTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Should_OutputThePoolerOfTheCheckpoint_When_TheBaseModelOfAClassifierCheckpointIsLoaded()
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTinyFixture.Reference("data2vec-vision-classifier");
        using var model = PretrainedVisionModel.Load(HfTinyFixture.Folder("data2vec-vision-classifier"), null, "cpu", ScalarType.Float32,
            new VisionModelLoadOptions { Head = ModelHead.Base });

        using VisionModelOutput result = model.Forward(reference["pixel_values"]);

        Assert.Equal(nameof(Data2VecVisionModel), model.Provenance.ClassName);
        Assert.NotNull(result.PoolerOutput);
        Assert.Null(result.Logits);
        double diff = HfTinyFixture.MaxAbsDiff(result.PoolerOutput!, reference["pooler_output"]);
        Assert.True(diff <= Tolerance, $"pooler_output max |diff| {diff}");
    }

    [Fact]
    public void Should_HaveNoPooler_When_TheCheckpointHoldsNone()
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> reference = HfTinyFixture.Reference("data2vec-vision");
        using var model = PretrainedVisionModel.Load(HfTinyFixture.Folder("data2vec-vision"), null, "cpu", ScalarType.Float32);

        using VisionModelOutput result = model.Forward(reference["pixel_values"]);

        Assert.Null(result.PoolerOutput);
    }
}
