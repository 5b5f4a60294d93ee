using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

// BEiT in transformers' data-flow order (transformers/models/beit/modeling_beit.py, v4.43; other input sizes as its later arbitrary-window version). Field names are the
// state_dict key segments. Differences from ViT worth watching: `key` has no bias; position information is an
// absolute embedding and/or a relative position bias (per layer or shared by all layers); layer scale
// (lambda_1/lambda_2); mean pooling with a pooler LayerNorm instead of a final LayerNorm. Data2VecVision reuses
// these classes (see Data2VecVisionModel.cs). Drop path and dropout are identities in inference and omitted.

/// <summary>Mirrors BeitPatchEmbeddings: a stride-p convolution; the absolute patch position embedding is added here.</summary>
public sealed class BeitPatchEmbeddings : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Conv2d projection;
    private readonly VisionConfig config;

    public BeitPatchEmbeddings(VisionConfig config) : base(nameof(BeitPatchEmbeddings))
    {
        this.config = config;
        projection = nn.Conv2d(config.NumChannels, config.HiddenSize,
            kernel_size: (config.PatchHeight, config.PatchWidth), stride: (config.PatchHeight, config.PatchWidth));
        RegisterComponents();
    }

    /// <param name="pixelValues">N×C×H×W, any size of at least one patch.</param>
    /// <param name="positionEmbedding">The patch part of position_embeddings (1, patches, C), or null.</param>
    public override Tensor forward(Tensor pixelValues, Tensor? positionEmbedding)
    {
        using var scope = NewDisposeScope();
        PixelValuesCheck.RequireChannels(pixelValues, config.NumChannels, config.PatchHeight, config.PatchWidth);
        Tensor grid = projection.forward(pixelValues);
        Tensor embeddings = grid.flatten(2).transpose(1, 2);
        if (positionEmbedding is not null)
        {
            // transformers resizes the position grid to the patch grid, F.interpolate(mode="bicubic", align_corners=False,
            // size=(patch_height, patch_width)); at the configured size that is the identity and is skipped (same bits).
            var (rows, columns) = config.PatchGrid;
            if (grid.shape[2] != rows || grid.shape[3] != columns)
            {
                Tensor table = positionEmbedding.view(1, rows, columns, -1).permute(0, 3, 1, 2);
                Tensor resized = nn.functional.interpolate(table, size: [grid.shape[2], grid.shape[3]], mode: InterpolationMode.Bicubic, align_corners: false);
                positionEmbedding = resized.flatten(2).transpose(1, 2);
            }
            embeddings = embeddings + positionEmbedding;
        }
        return embeddings.MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors BeitEmbeddings: CLS token, patch embeddings, optional absolute position embeddings.</summary>
public sealed class BeitEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter cls_token;
    private readonly Parameter? mask_token; // only with use_mask_token; unused without bool_masked_pos
    private readonly BeitPatchEmbeddings patch_embeddings;
    private readonly Parameter? position_embeddings;

    public BeitEmbeddings(VisionConfig config) : base(nameof(BeitEmbeddings))
    {
        cls_token = nn.Parameter(zeros(1, 1, config.HiddenSize));
        mask_token = config.UseMaskToken ? nn.Parameter(zeros(1, 1, config.HiddenSize)) : null;
        patch_embeddings = new BeitPatchEmbeddings(config);
        position_embeddings = config.UseAbsolutePositionEmbeddings
            ? nn.Parameter(zeros(1, config.SequenceLength, config.HiddenSize))
            : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        Tensor patches = patch_embeddings.forward(pixelValues, position_embeddings?.narrow(1, 1, position_embeddings.shape[1] - 1));
        Tensor cls = cls_token.expand(patches.shape[0], -1, -1);
        if (position_embeddings is not null) cls = cls + position_embeddings.narrow(1, 0, 1);
        return cat([cls, patches], 1).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors BeitRelativePositionBias: a learned table of (2Wh−1)(2Ww−1)+3 rows × heads, gathered by a fixed index into a
/// (heads, T, T) bias. The index is a non-persistent buffer (old checkpoints store it; it is recomputed here).
/// </summary>
public sealed class BeitRelativePositionBias : nn.Module
{
    private readonly Parameter relative_position_bias_table;
    private readonly Tensor relative_position_index;
    private readonly long tokens;
    private readonly (int Height, int Width) window;

    public BeitRelativePositionBias(VisionConfig config) : base(nameof(BeitRelativePositionBias))
    {
        var (wh, ww) = config.PatchGrid;
        window = (wh, ww);
        long distances = (2L * wh - 1) * (2L * ww - 1) + 3;
        relative_position_bias_table = nn.Parameter(zeros(distances, config.NumAttentionHeads));
        tokens = wh * ww + 1;
        relative_position_index = tensor(RelativePositionIndex(wh, ww), [tokens, tokens]);
        register_buffer(nameof(relative_position_index), relative_position_index, persistent: false);
        RegisterComponents();
    }

    /// <summary>Mirrors <c>generate_relative_position_index</c>: row/column offsets → table rows, plus 3 CLS rows.</summary>
    internal static long[] RelativePositionIndex(int wh, int ww)
    {
        int n = wh * ww, t = n + 1;
        long distances = (2L * wh - 1) * (2L * ww - 1) + 3;
        var index = new long[t * t];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            long dh = i / ww - j / ww + wh - 1;
            long dw = i % ww - j % ww + ww - 1;
            index[(i + 1) * t + j + 1] = dh * (2 * ww - 1) + dw;
        }
        for (int j = 0; j < t; j++) index[j] = distances - 3;     // CLS → patch
        for (int i = 0; i < t; i++) index[i * t] = distances - 2; // patch → CLS
        index[0] = distances - 1;                                 // CLS → CLS
        return index;
    }

    /// <summary>The (heads, T, T) bias at the configured patch grid.</summary>
    public Tensor forward() => Bias(window.Height, window.Width);

    /// <summary>
    /// The (heads, T, T) bias for a <paramref name="height"/> × <paramref name="width"/> patch grid, as transformers'
    /// <c>BeitRelativePositionBias.forward(window_size)</c> (the arbitrary-window version of MiDaS v3.1) computes it: the
    /// (2Wh−1)(2Ww−1) offset rows of the table, read as a (2Ww−1) × (2Wh−1) grid (its reshape order), resized bilinearly
    /// (align_corners=False) to (2h−1) × (2w−1), the 3 CLS rows appended unchanged, then gathered by the new grid's index.
    /// At the configured grid the resize is the identity and is skipped (same bits).
    /// </summary>
    public Tensor Bias(int height, int width)
    {
        using var scope = NewDisposeScope();
        if ((height, width) == window)
        {
            Tensor bias = relative_position_bias_table.index_select(0, relative_position_index.view(-1));
            return bias.view(tokens, tokens, -1).permute(2, 0, 1).contiguous().MoveToOuterDisposeScope();
        }
        long oldHeight = 2L * window.Height - 1, oldWidth = 2L * window.Width - 1, newHeight = 2L * height - 1, newWidth = 2L * width - 1;
        long offsets = oldHeight * oldWidth, heads = relative_position_bias_table.shape[1];
        Tensor grid = relative_position_bias_table.narrow(0, 0, offsets).reshape(1, oldWidth, oldHeight, heads).permute(0, 3, 1, 2);
        Tensor resized = nn.functional.interpolate(grid, size: [newHeight, newWidth], mode: InterpolationMode.Bilinear, align_corners: false);
        Tensor table = cat([resized.permute(0, 2, 3, 1).reshape(newHeight * newWidth, heads), relative_position_bias_table.narrow(0, offsets, 3)], 0);
        long t = (long)height * width + 1;
        Tensor index = tensor(RelativePositionIndex(height, width), [t, t]).to(relative_position_bias_table.device);
        return table.index_select(0, index.view(-1)).view(t, t, -1).permute(2, 0, 1).contiguous().MoveToOuterDisposeScope();
    }
}

/// <summary>What a BEiT block needs besides its hidden states: the input's patch grid and the encoder's shared bias, if any.</summary>
/// <param name="Shared">The shared (heads, T, T) relative position bias (<c>use_shared_relative_position_bias</c>), or null.</param>
/// <param name="Grid">Patch rows × columns of the input (transformers' <c>window_size</c> from <c>resolution</c>).</param>
public sealed record BeitBiasInputs(Tensor? Shared, (int Height, int Width) Grid);

/// <summary>Mirrors BeitSelfAttention: query and value have a bias, key has none; optional per-layer relative bias.</summary>
public sealed class BeitSelfAttention : nn.Module<Tensor, BeitBiasInputs, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly BeitRelativePositionBias? relative_position_bias;
    private readonly int heads;

    public BeitSelfAttention(VisionConfig config, bool perLayerRelativeBias) : base(nameof(BeitSelfAttention))
    {
        heads = config.NumAttentionHeads;
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize, hasBias: false);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        relative_position_bias = perLayerRelativeBias ? new BeitRelativePositionBias(config) : null;
        RegisterComponents();
    }

    /// <param name="hiddenStates">N×T×C.</param>
    /// <param name="inputs">The patch grid and the encoder's shared (heads, T, T) bias, if any.</param>
    public override Tensor forward(Tensor hiddenStates, BeitBiasInputs inputs)
    {
        Tensor? sharedRelativeBias = inputs.Shared;
        using var scope = NewDisposeScope();
        Tensor q = ScaledDotProductAttention.SplitHeads(query.forward(hiddenStates), heads);
        Tensor k = ScaledDotProductAttention.SplitHeads(key.forward(hiddenStates), heads);
        Tensor v = ScaledDotProductAttention.SplitHeads(value.forward(hiddenStates), heads);
        // scores / sqrt(d) + own relative bias + shared relative bias, as in transformers.
        Tensor? bias = relative_position_bias?.Bias(inputs.Grid.Height, inputs.Grid.Width);
        if (sharedRelativeBias is not null) bias = bias is null ? sharedRelativeBias : bias + sharedRelativeBias;
        return ScaledDotProductAttention.Attend(q, k, v, bias?.unsqueeze(0)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors BeitSelfOutput: the output projection (the residual is added in BeitLayer).</summary>
public sealed class BeitSelfOutput : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public BeitSelfOutput(VisionConfig config) : base(nameof(BeitSelfOutput))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates) => dense.forward(hiddenStates);
}

/// <summary>Mirrors BeitAttention.</summary>
public sealed class BeitAttention : nn.Module<Tensor, BeitBiasInputs, Tensor>
{
    private readonly BeitSelfAttention attention;
    private readonly BeitSelfOutput output;

    public BeitAttention(VisionConfig config, bool perLayerRelativeBias) : base(nameof(BeitAttention))
    {
        attention = new BeitSelfAttention(config, perLayerRelativeBias);
        output = new BeitSelfOutput(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates, BeitBiasInputs inputs)
    {
        using var scope = NewDisposeScope();
        return output.forward(attention.forward(hiddenStates, inputs)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors BeitIntermediate: dense + <c>hidden_act</c>.</summary>
public sealed class BeitIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly string activation;

    public BeitIntermediate(VisionConfig config) : base(nameof(BeitIntermediate))
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return Activations.Apply(activation, dense.forward(hiddenStates)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors BeitOutput: dense only (unlike ViTOutput, the residual is added in BeitLayer).</summary>
public sealed class BeitOutput : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public BeitOutput(VisionConfig config) : base(nameof(BeitOutput))
    {
        dense = nn.Linear(config.IntermediateSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates) => dense.forward(hiddenStates);
}

/// <summary>Mirrors BeitLayer: pre-norm block with optional layer scale (lambda_1, lambda_2 when layer_scale_init_value &gt; 0).</summary>
public sealed class BeitLayer : nn.Module<Tensor, BeitBiasInputs, Tensor>
{
    private readonly BeitAttention attention;
    private readonly BeitIntermediate intermediate;
    private readonly BeitOutput output;
    private readonly LayerNorm layernorm_before;
    private readonly LayerNorm layernorm_after;
    private readonly Parameter? lambda_1;
    private readonly Parameter? lambda_2;

    public BeitLayer(VisionConfig config, bool perLayerRelativeBias) : base(nameof(BeitLayer))
    {
        attention = new BeitAttention(config, perLayerRelativeBias);
        intermediate = new BeitIntermediate(config);
        output = new BeitOutput(config);
        layernorm_before = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        layernorm_after = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        if (config.LayerScaleInitValue > 0)
        {
            lambda_1 = nn.Parameter(full(config.HiddenSize, config.LayerScaleInitValue));
            lambda_2 = nn.Parameter(full(config.HiddenSize, config.LayerScaleInitValue));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates, BeitBiasInputs inputs)
    {
        using var scope = NewDisposeScope();
        Tensor attended = attention.forward(layernorm_before.forward(hiddenStates), inputs);
        if (lambda_1 is not null) attended = lambda_1 * attended;
        attended = attended + hiddenStates;
        Tensor mlp = output.forward(intermediate.forward(layernorm_after.forward(attended)));
        if (lambda_2 is not null) mlp = lambda_2 * mlp;
        return (mlp + attended).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors BeitEncoder with <c>output_hidden_states=True</c>; owns the shared relative bias when configured.</summary>
public sealed class BeitEncoder : nn.Module<Tensor, (int Height, int Width), IReadOnlyList<Tensor>>
{
    private readonly BeitRelativePositionBias? relative_position_bias;
    private readonly ModuleList<BeitLayer> layer;

    public BeitEncoder(VisionConfig config) : base(nameof(BeitEncoder))
    {
        relative_position_bias = config.UseSharedRelativePositionBias ? new BeitRelativePositionBias(config) : null;
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers)
            .Select(_ => new BeitLayer(config, perLayerRelativeBias: config.UseRelativePositionBias)).ToArray());
        RegisterComponents();
    }

    /// <param name="hiddenStates">The embeddings, N×T×C.</param>
    /// <param name="grid">The patch grid of the input (the relative position biases are made for it).</param>
    public override IReadOnlyList<Tensor> forward(Tensor hiddenStates, (int Height, int Width) grid)
    {
        // No dispose scope here on purpose: the list holds the caller's input plus one tensor per block, all of
        // which the model moves out; only the shared bias is a temporary and it is disposed explicitly.
        using Tensor? shared = relative_position_bias?.Bias(grid.Height, grid.Width);
        var inputs = new BeitBiasInputs(shared, grid);
        var all = new List<Tensor>(layer.Count + 1) { hiddenStates };
        foreach (BeitLayer block in layer) all.Add(block.forward(all[^1], inputs));
        return all;
    }
}

/// <summary>Mirrors BeitPooler: with mean pooling, LayerNorm of the mean patch token (CLS excluded); else the CLS token.</summary>
public sealed class BeitPooler : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm? layernorm;

    public BeitPooler(VisionConfig config) : base(nameof(BeitPooler))
    {
        layernorm = config.UseMeanPooling ? nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor pooled = layernorm is null
            ? hiddenStates.select(1, 0).clone()
            : layernorm.forward(hiddenStates.narrow(1, 1, hiddenStates.shape[1] - 1).mean([1]));
        return pooled.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors BeitModel: embeddings, encoder, final LayerNorm (an identity under mean pooling), optional pooler
/// (<c>add_pooling_layer</c>, default true).
/// </summary>
public class BeitModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly BeitEmbeddings embeddings;
    private readonly BeitEncoder encoder;
    private readonly VisionConfig config;
    private readonly LayerNorm? layernorm; // nn.Identity() when use_mean_pooling
    private readonly BeitPooler? pooler;

    public BeitModel(VisionConfig config, bool addPoolingLayer = true) : this(nameof(BeitModel), config, addPoolingLayer)
    {
    }

    protected BeitModel(string name, VisionConfig config, bool addPoolingLayer) : base(name)
    {
        this.config = config;
        embeddings = new BeitEmbeddings(config);
        encoder = new BeitEncoder(config);
        layernorm = config.UseMeanPooling ? null : nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        pooler = addPoolingLayer ? new BeitPooler(config) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        // BeitModel.forward's resolution → window_size = (height // patch_size, width // patch_size).
        var grid = ((int)(pixelValues.shape[2] / config.PatchHeight), (int)(pixelValues.shape[3] / config.PatchWidth));
        IReadOnlyList<Tensor> hidden = encoder.forward(embeddings.forward(pixelValues), grid);
        Tensor last = layernorm is null ? hidden[^1] : layernorm.forward(hidden[^1]);
        Tensor? pooled = pooler?.forward(last);
        return new VisionModelOutput(hidden, last, pooled, null).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors BeitForImageClassification: BeitModel with pooler, linear head on the pooled output.</summary>
public sealed class BeitForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly BeitModel beit;
    private readonly Linear? classifier; // nn.Identity when num_labels == 0

    public BeitForImageClassification(VisionConfig config) : base(nameof(BeitForImageClassification))
    {
        beit = new BeitModel(config, addPoolingLayer: true);
        classifier = config.NumLabels > 0 ? nn.Linear(config.HiddenSize, config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues) => ClassifierHead.Apply(beit, classifier, pixelValues);
}

/// <summary>The head shared by BeitForImageClassification and Data2VecVisionForImageClassification.</summary>
internal static class ClassifierHead
{
    public static VisionModelOutput Apply(BeitModel baseModel, Linear? classifier, Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput output = baseModel.forward(pixelValues);
        Tensor pooled = output.PoolerOutput!;
        Tensor logits = classifier is null ? pooled.clone() : classifier.forward(pooled);
        return (output with { Logits = logits }).MoveToOuterDisposeScope();
    }
}
