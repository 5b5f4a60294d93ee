using Workflow.Cli;
using Workflow.Torch.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workflow.Cli.Tests.Commands;

/// <summary>Acceptance (issue 4): every transformers fixture reproduced through `idim forward` within 1e-4.</summary>
public class ForwardCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("idim-forward-").FullName;

    public static IEnumerable<object[]> Fixtures =>
        Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "TestData", "hf-tiny"))
            .Select(d => new object[] { Path.GetFileName(d) }).OrderBy(x => (string)x[0]);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Should_ReproduceTransformersOutputs_When_ForwardRunsOnAFixture(string fixture)
    {
        using var scope = NewDisposeScope();
        string folder = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-tiny", fixture);
        Dictionary<string, Tensor> reference = SafetensorsFile.Load(Path.Combine(folder, "reference.safetensors"));
        string input = Path.Combine(work, fixture + "-in.safetensors");
        string result = Path.Combine(work, fixture + "-out.safetensors");
        SafetensorsWriter.Write(input, [("images_uint8", reference["images_uint8"])]);

        int code = CliApp.Run(["forward", "--model", folder, "--input", input, "--output", result, "--device", "cpu", "--batch-size", "2"]);

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

    [Fact]
    public void Should_FailNamingTheTensor_When_InputLacksImagesUint8()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-tiny", "vit");
        string input = Path.Combine(work, "wrong.safetensors");
        using (var t = zeros(2, 3))
            SafetensorsWriter.Write(input, [("pixels", t)]);
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = CliApp.Run(["forward", "--model", folder, "--input", input, "--output", Path.Combine(work, "o.safetensors"), "--device", "cpu"]);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(1, code);
        Assert.Contains("images_uint8", error.ToString());
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}
