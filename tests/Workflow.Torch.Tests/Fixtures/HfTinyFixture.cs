using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Fixtures;

/// <summary>The transformers-written fixtures copied into TestData/hf-tiny (see its README.md).</summary>
public static class HfTinyFixture
{
    /// <summary>Every fixture folder.</summary>
    public static readonly string[] Names =
    [
        "beit", "beit-classifier", "data2vec-vision", "data2vec-vision-224-bicubic",
        "data2vec-vision-classifier", "vit", "vit-224", "vit-classifier",
    ];

    /// <summary>Fixture folders that also hold pytorch_model.bin.</summary>
    public static readonly string[] WithBin = ["beit", "data2vec-vision", "vit"];

    public static IEnumerable<object[]> All => Names.Select(n => new object[] { n });

    public static IEnumerable<object[]> AllWithBin => WithBin.Select(n => new object[] { n });

    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-tiny", name);

    /// <summary>reference.safetensors of a fixture: images_uint8, pixel_values, hidden_states.*, last_hidden_state, pooler_output, logits.</summary>
    public static Dictionary<string, Tensor> Reference(string name) =>
        SafetensorsFile.Load(Path.Combine(Folder(name), "reference.safetensors"));

    /// <summary>Copies a fixture into a fresh temporary folder (for tests that remove or damage files).</summary>
    public static string CopyToTemp(string name, params string[] skip)
    {
        string target = Path.Combine(Path.GetTempPath(), "idim-test-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(Folder(name)))
            if (!skip.Contains(Path.GetFileName(file)))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    /// <summary>Max |a − b| as a double.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        Assert.Equal(b.shape, a.shape);
        return (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max().item<double>();
    }
}
