using Workflow.Cli;
using Workflow.Torch.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workflow.Cli.Tests.Commands;

/// <summary>
/// Acceptance (issue 13): every Swin / ConvNeXt / ResNet fixture of hf-tiny-2 reproduced through `idim forward` from the raw
/// images: pixel_values exactly, hidden_states (and Swin's reshaped_hidden_states), last_hidden_state, pooler_output
/// within 1e-4.
/// </summary>
public class HierarchicalForwardCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("idim-forward-h-").FullName;

    [Theory]
    [InlineData("swin")]
    [InlineData("swin-224")]
    [InlineData("convnext")]
    [InlineData("convnext-224")]
    [InlineData("resnet-224")]
    [InlineData("resnet-bottleneck")]
    public void Should_ReproduceTransformersOutputs_When_ForwardRunsOnAHierarchicalFixture(string fixture)
    {
        using var scope = NewDisposeScope();
        string folder = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-tiny-2", fixture);
        Dictionary<string, Tensor> reference = SafetensorsFile.Load(Path.Combine(folder, "reference.safetensors"));
        string input = Path.Combine(work, fixture + "-in.safetensors");
        string result = Path.Combine(work, fixture + "-out.safetensors");
        SafetensorsWriter.Write(input, [("images_uint8", reference["images_uint8"])]);

        int code = CliApp.Run(["forward", "--model", folder, "--input", input, "--output", result, "--device", "cpu", "--batch-size", "3"]);

        Assert.Equal(0, code);
        Dictionary<string, Tensor> written = SafetensorsFile.Load(result);
        Assert.Equal(reference.Keys.Where(k => k != "images_uint8").Order(), written.Keys.Order());
        foreach (var (name, expected) in reference.Where(kv => kv.Key != "images_uint8"))
        {
            Tensor actual = written[name];
            Assert.Equal(ScalarType.Float32, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            double diff = (actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs().max().item<double>();
            output.WriteLine($"{fixture} {name}: max |diff| = {diff:E2}");
            Assert.True(name == "pixel_values" ? diff == 0 : diff <= 1e-4, $"{fixture} {name}: {diff}");
        }
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}
