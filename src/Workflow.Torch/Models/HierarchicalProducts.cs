using Workflow.Torch.Models.ConvNext;
using Workflow.Torch.Models.ResNet;
using Workflow.Torch.Models.Swin;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// The products and convolutions of one Swin / ConvNeXt / ResNet forward at 224 px, from the configuration, in the
/// kernels and layouts the models run them with (ResNet channels-last, its 1×1 convolutions as matrix products; the
/// others NCHW; <see cref="ModelProducts"/>). Each list follows the model's data flow (SwinModel.cs,
/// ConvNextModel.cs, ResNetModel.cs); the FLOP totals come out at the published multiply-adds (Swin-T 4.5 G,
/// ConvNeXt-T 4.5 G, ResNet-50 4.1 G per image, × 2).
/// </summary>
internal static class HierarchicalProducts
{
    private const int Side = 224;

    public static ModelProducts Swin(SwinConfig config, int batch, ScalarType dtype, Device device)
    {
        var list = new Counted();
        long side = Side / config.PatchHeight;
        list.Add(ReferenceKernel.Convolution(batch, config.NumChannels, config.EmbedDim, Side, config.PatchHeight, config.PatchHeight, 0, 1,
            false, dtype, device, "patch embedding"), 1);
        for (int stage = 0; stage < config.NumStages; stage++)
        {
            long dim = config.StageDim(stage), tokens = batch * side * side, mlp = (long)(config.MlpRatio * dim);
            long window = Math.Min(config.WindowSize, side), windows = batch * (side / window) * (side / window);
            long heads = config.NumHeads[stage], head = dim / heads, t = window * window;
            int depth = config.Depths[stage];
            list.Add(ReferenceKernel.Matmul(tokens, dim, 3 * dim, dtype, device, "q/k/v"), depth);
            list.Add(ReferenceKernel.BatchedMatmul(windows * heads, t, head, t, dtype, device, "q·kᵀ per window"), depth);
            list.Add(ReferenceKernel.BatchedMatmul(windows * heads, t, t, head, dtype, device, "scores·v per window"), depth);
            list.Add(ReferenceKernel.Matmul(tokens, dim, dim, dtype, device, "attention output"), depth);
            list.Add(ReferenceKernel.Matmul(tokens, dim, mlp, dtype, device, "MLP in"), depth);
            list.Add(ReferenceKernel.Matmul(tokens, mlp, dim, dtype, device, "MLP out"), depth);
            if (stage < config.NumStages - 1)
            {
                list.Add(ReferenceKernel.Matmul(tokens / 4, 4 * dim, 2 * dim, dtype, device, "patch merging"), 1);
                side /= 2;
            }
        }
        return new ModelProducts(list.Items, "Swin", batch);
    }

    public static ModelProducts ConvNext(ConvNextConfig config, int batch, ScalarType dtype, Device device)
    {
        var list = new Counted();
        long side = Side / config.PatchSize;
        list.Add(ReferenceKernel.Convolution(batch, config.NumChannels, config.HiddenSizes[0], Side, config.PatchSize, config.PatchSize, 0, 1,
            false, dtype, device, "stem"), 1);
        for (int stage = 0; stage < config.NumStages; stage++)
        {
            long dim = config.HiddenSizes[stage];
            if (stage > 0)
            {
                list.Add(ReferenceKernel.Convolution(batch, config.HiddenSizes[stage - 1], dim, side, 2, 2, 0, 1, false, dtype, device, "downsampling"), 1);
                side /= 2;
            }
            int depth = config.Depths[stage];
            list.Add(ReferenceKernel.Convolution(batch, dim, dim, side, 7, 1, 3, (int)dim, false, dtype, device, "depthwise 7×7"), depth);
            list.Add(ReferenceKernel.Matmul(batch * side * side, dim, 4 * dim, dtype, device, "pointwise in"), depth);
            list.Add(ReferenceKernel.Matmul(batch * side * side, 4 * dim, dim, dtype, device, "pointwise out"), depth);
        }
        return new ModelProducts(list.Items, "ConvNeXt", batch);
    }

    public static ModelProducts ResNet(ResNetConfig config, int batch, ScalarType dtype, Device device)
    {
        var list = new Counted();
        // As FoldedConvolution runs them: 1×1 as a matrix product over the (strided) positions, the others in libtorch, channels-last.
        void Conv(long input, long output, long side, int k, int stride, string what) =>
            list.Add(k == 1
                ? ReferenceKernel.Matmul(batch * (side / stride) * (side / stride), input, output, dtype, device, what)
                : ReferenceKernel.Convolution(batch, input, output, side, k, stride, k / 2, 1, true, dtype, device, what), 1);
        Conv(config.NumChannels, config.EmbeddingSize, Side, 7, 2, "stem");
        long side = Side / 4; // the stem's stride 2, then the 3×3 stride-2 max-pool
        long channels = config.EmbeddingSize;
        for (int stage = 0; stage < config.NumStages; stage++)
        {
            long output = config.HiddenSizes[stage];
            int stride = stage == 0 && !config.DownsampleInFirstStage ? 1 : 2;
            for (int layer = 0; layer < config.Depths[stage]; layer++)
            {
                int s = layer == 0 ? stride : 1;
                long outSide = side / s;
                if (channels != output || s != 1) Conv(channels, output, side, 1, s, "shortcut");
                if (config.Bottleneck)
                {
                    long reduced = output / 4;
                    bool early = layer == 0 && config.DownsampleInBottleneck;
                    Conv(channels, reduced, side, 1, early ? s : 1, "1×1 reduce");
                    Conv(reduced, reduced, early ? outSide : side, 3, early ? 1 : s, "3×3");
                    Conv(reduced, output, outSide, 1, 1, "1×1 expand");
                }
                else
                {
                    Conv(channels, output, side, 3, s, "3×3");
                    Conv(output, output, outSide, 3, 1, "3×3");
                }
                channels = output;
                side = outSide;
            }
        }
        return new ModelProducts(list.Items, "ResNet", batch);
    }

    /// <summary>Products with counts, one kernel per distinct description and shape.</summary>
    private sealed class Counted
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        public List<(ReferenceKernel Kernel, int Count)> Items { get; } = [];

        public void Add(ReferenceKernel kernel, int count)
        {
            string key = $"{kernel.Description} {kernel.Shape}";
            if (index.TryGetValue(key, out int at))
            {
                Items[at] = (Items[at].Kernel, Items[at].Count + count);
                kernel.Dispose();
                return;
            }
            index[key] = Items.Count;
            Items.Add((kernel, count));
        }
    }
}
