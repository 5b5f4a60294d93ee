using TorchSharp;
using Workflow.Torch.Models;
using Workflow.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace Workflow.Torch.Tests.Models.Hierarchical;

/// <summary>
/// The inference fusions (ResNet: BatchNorm folded into its convolution, 1×1 convolutions as matrix products) against
/// the unfused modules, which mirror transformers' sequence op for op and are what the hf-tiny-2 parity tests check.
/// The fixtures' own weights leave BatchNorm at its initial statistics (mean 0, variance 1), so every parameter and
/// statistic here is random and far from those values: a wrong fold cannot hide (dropping the running mean from the
/// fold fails this test by 0.5).
/// </summary>
public class InferenceFusionTests
{
    /// <summary>The fixtures of the families that fuse (Swin and ConvNeXt run as transformers writes them).</summary>
    public static IEnumerable<object[]> Fixtures => HfTiny2Fixture.Hierarchical.Where(n => n.StartsWith("resnet", StringComparison.Ordinal)).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Should_ComputeWhatTheUnfusedModelComputes_When_Fused(string fixture)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        PretrainedConfig config = ModelFamilies.LoadConfig(Path.Combine(HfTiny2Fixture.Folder(fixture), "config.json"));
        using var unfused = Build(config);
        using var fused = Build(config);
        torch.manual_seed(7);
        foreach (var (name, parameter) in unfused.named_parameters())
        {
            // Norm scales around 1, products scaled by 1/√fan-in (activations stay of order 1), biases, tables and layer scales around 0.
            bool normScale = parameter.dim() == 1 && name.EndsWith("weight", StringComparison.Ordinal);
            double spread = parameter.dim() >= 2 && !name.Contains("table", StringComparison.Ordinal)
                ? 1 / Math.Sqrt(parameter.numel() / parameter.shape[0]) : 0.3;
            parameter.copy_(randn_like(parameter) * spread + (normScale ? 1.0 : 0.0));
        }
        foreach (var (name, buffer) in unfused.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.copy_(randn_like(buffer) * 0.3);
            if (name.EndsWith("running_var", StringComparison.Ordinal)) buffer.copy_(rand_like(buffer) * 2 + 0.2);
        }
        fused.load_state_dict(unfused.state_dict());
        InferenceFusion.Apply(fused);
        long side = config.ImageHeight;
        Tensor pixels = randn(2, config.NumChannels, side, side);

        VisionModelOutput expected = unfused.forward(pixels);
        VisionModelOutput actual = fused.forward(pixels);

        var expectedNamed = expected.Named().ToList();
        var actualNamed = actual.Named().ToList();
        Assert.Equal(expectedNamed.Select(n => n.Name), actualNamed.Select(n => n.Name));
        for (int i = 0; i < expectedNamed.Count; i++)
        {
            Tensor e = expectedNamed[i].Value, a = actualNamed[i].Value;
            Assert.Equal(e.shape, a.shape);
            double scale = Math.Max(1.0, e.abs().max().item<float>());
            double difference = (e - a).abs().max().item<float>();
            // Float rounding only (a different accumulation order); a wrong fold is off by the size of the values themselves.
            Assert.True(difference <= 1e-4 * scale,
                $"{fixture} {expectedNamed[i].Name}: fused differs from unfused by {difference:E2} (largest value {scale:G3})");
        }
        // The random statistics make the outputs far from what identity BatchNorm / zero bias would give.
        Assert.True(expected.LastHiddenState.std().item<float>() > 1e-3);
    }

    private static nn.Module<Tensor, VisionModelOutput> Build(PretrainedConfig config)
    {
        nn.Module<Tensor, VisionModelOutput> module = ModelFamilies.Of(config).Build(config, Array.Empty<string>(), ModelHead.Base).Module;
        module.eval();
        return module;
    }
}
