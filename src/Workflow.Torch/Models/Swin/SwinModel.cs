using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.Swin;

// Swin in transformers' data-flow order (transformers/models/swin/modeling_swin.py, v4.43). Field names are the
// state_dict key segments (`swin.encoder.layers.0.blocks.1.attention.self.relative_position_bias_table`). Dropout and
// drop-path are omitted: these modules only run in inference.

/// <summary>Mirrors SwinPatchEmbeddings: pad the pixels right/bottom to a multiple of the patch, stride-p convolution.</summary>
public sealed class SwinPatchEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d projection;
    private readonly SwinConfig config;

    public SwinPatchEmbeddings(SwinConfig config) : base(nameof(SwinPatchEmbeddings))
    {
        this.config = config;
        projection = nn.Conv2d(config.NumChannels, config.EmbedDim,
            kernel_size: (config.PatchHeight, config.PatchWidth), stride: (config.PatchHeight, config.PatchWidth));
        RegisterComponents();
    }

    /// <summary>N×C×H×W pixels → N×C'×H'×W' patch features (still spatial; the caller flattens).</summary>
    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        if (pixelValues.dim() != 4)
            throw new ArgumentException($"pixel_values must be N×C×H×W, found shape [{string.Join(", ", pixelValues.shape)}].", nameof(pixelValues));
        if (pixelValues.shape[1] != config.NumChannels)
            throw new ArgumentException(
                $"pixel_values has {pixelValues.shape[1]} channels but the model's config.json says num_channels = {config.NumChannels}.", nameof(pixelValues));
        long h = pixelValues.shape[2], w = pixelValues.shape[3];
        long padW = (config.PatchWidth - w % config.PatchWidth) % config.PatchWidth;
        long padH = (config.PatchHeight - h % config.PatchHeight) % config.PatchHeight;
        Tensor x = padW + padH > 0 ? nn.functional.pad(pixelValues, [0, padW, 0, padH]) : pixelValues;
        return projection.forward(x).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors SwinEmbeddings (no absolute position table, no mask token): patches, flattened, LayerNorm (eps 1e-5).</summary>
public sealed class SwinEmbeddings : nn.Module<Tensor, (Tensor Embeddings, long Height, long Width)>
{
    private readonly SwinPatchEmbeddings patch_embeddings;
    private readonly LayerNorm norm;

    public SwinEmbeddings(SwinConfig config) : base(nameof(SwinEmbeddings))
    {
        patch_embeddings = new SwinPatchEmbeddings(config);
        norm = nn.LayerNorm(config.EmbedDim); // nn.LayerNorm(config.embed_dim): torch's default eps, not layer_norm_eps
        RegisterComponents();
    }

    public override (Tensor Embeddings, long Height, long Width) forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        Tensor patches = patch_embeddings.forward(pixelValues);
        long h = patches.shape[2], w = patches.shape[3];
        Tensor embeddings = norm.forward(patches.flatten(2).transpose(1, 2));
        return (embeddings.MoveToOuterDisposeScope(), h, w);
    }
}

/// <summary>
/// Mirrors SwinSelfAttention: query/key/value, softmax(q·kᵀ/√d + relative position bias [+ shift mask])·v inside each
/// window. The bias table has (2w−1)² rows × heads; <c>relative_position_index</c> is recomputed (checkpoints store it).
/// </summary>
public sealed class SwinSelfAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Parameter relative_position_bias_table;
    private readonly Tensor relative_position_index;
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int heads;
    private readonly long windowTokens;

    public SwinSelfAttention(SwinConfig config, int dim, int heads) : base(nameof(SwinSelfAttention))
    {
        this.heads = heads;
        int window = config.WindowSize;
        windowTokens = (long)window * window;
        relative_position_bias_table = nn.Parameter(zeros((2L * window - 1) * (2L * window - 1), heads));
        relative_position_index = tensor(RelativePositionIndex(window), [windowTokens, windowTokens]);
        register_buffer(nameof(relative_position_index), relative_position_index, persistent: false);
        query = nn.Linear(dim, dim, hasBias: config.QkvBias);
        key = nn.Linear(dim, dim, hasBias: config.QkvBias);
        value = nn.Linear(dim, dim, hasBias: config.QkvBias);
        RegisterComponents();
    }

    /// <summary>
    /// Mirrors the index of SwinSelfAttention.__init__: for tokens i, j of a w×w window,
    /// (Δrow + w − 1) · (2w − 1) + (Δcol + w − 1).
    /// </summary>
    internal static long[] RelativePositionIndex(int window)
    {
        int t = window * window;
        var index = new long[t * t];
        for (int i = 0; i < t; i++)
        for (int j = 0; j < t; j++)
            index[i * t + j] = (i / window - j / window + window - 1) * (2L * window - 1) + (i % window - j % window + window - 1);
        return index;
    }

    /// <summary>
    /// <paramref name="windows"/>: (N·nW)×w²×C; <paramref name="mask"/>: nW×w²×w² (0 / −100) for shifted windows, else null.
    /// </summary>
    public override Tensor forward(Tensor windows, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        if (windows.shape[1] != windowTokens)
            throw new InvalidOperationException($"Swin attention expects windows of {windowTokens} tokens, got {windows.shape[1]}.");
        Tensor q = ScaledDotProductAttention.SplitHeads(query.forward(windows), heads);
        Tensor k = ScaledDotProductAttention.SplitHeads(key.forward(windows), heads);
        Tensor v = ScaledDotProductAttention.SplitHeads(value.forward(windows), heads);
        Tensor bias = relative_position_bias_table.index_select(0, relative_position_index.view(-1))
            .view(windowTokens, windowTokens, -1).permute(2, 0, 1).unsqueeze(0); // 1×heads×T×T
        if (mask is not null)
        {
            // scores.view(N, nW, heads, T, T) + mask.unsqueeze(1).unsqueeze(0): one mask per window position.
            long nW = mask.shape[0], batch = windows.shape[0] / nW;
            bias = (bias + mask.unsqueeze(1)).unsqueeze(0).expand(batch, nW, heads, windowTokens, windowTokens)
                .reshape(batch * nW, heads, windowTokens, windowTokens);
        }
        return ScaledDotProductAttention.Attend(q, k, v, bias.to(q.dtype)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors SwinSelfOutput: the output projection (the residual is added in SwinLayer).</summary>
public sealed class SwinSelfOutput : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public SwinSelfOutput(int dim) : base(nameof(SwinSelfOutput))
    {
        dense = nn.Linear(dim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates) => dense.forward(hiddenStates);
}

/// <summary>Mirrors SwinAttention: window self-attention followed by its output projection.</summary>
public sealed class SwinAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly SwinSelfAttention @self;
    private readonly SwinSelfOutput output;

    public SwinAttention(SwinConfig config, int dim, int heads) : base(nameof(SwinAttention))
    {
        @self = new SwinSelfAttention(config, dim, heads);
        output = new SwinSelfOutput(dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor windows, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        return output.forward(@self.forward(windows, mask)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors SwinIntermediate: dense to <c>int(mlp_ratio · dim)</c> + <c>hidden_act</c>.</summary>
public sealed class SwinIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly string activation;

    public SwinIntermediate(SwinConfig config, int dim) : base(nameof(SwinIntermediate))
    {
        dense = nn.Linear(dim, (int)(config.MlpRatio * dim));
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return Activations.Apply(activation, dense.forward(hiddenStates)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors SwinOutput: dense back to <c>dim</c>.</summary>
public sealed class SwinOutput : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public SwinOutput(SwinConfig config, int dim) : base(nameof(SwinOutput))
    {
        dense = nn.Linear((int)(config.MlpRatio * dim), dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates) => dense.forward(hiddenStates);
}

/// <summary>
/// Mirrors SwinLayer: LayerNorm, pad to whole windows, cyclic shift by −shift (odd blocks), window attention with the
/// shift mask, reverse shift, crop, residual; LayerNorm, MLP, residual. <c>set_shift_and_window_size</c>: when the
/// token grid is no larger than the window, the whole grid is one window and nothing is shifted.
/// </summary>
public sealed class SwinLayer : nn.Module<Tensor, long, long, Tensor>
{
    private readonly LayerNorm layernorm_before;
    private readonly SwinAttention attention;
    private readonly LayerNorm layernorm_after;
    private readonly SwinIntermediate intermediate;
    private readonly SwinOutput output;
    private readonly int configuredWindow;
    private readonly int configuredShift;

    public SwinLayer(SwinConfig config, int dim, int heads, int shift) : base(nameof(SwinLayer))
    {
        configuredWindow = config.WindowSize;
        configuredShift = shift;
        layernorm_before = nn.LayerNorm(dim, eps: config.LayerNormEps);
        attention = new SwinAttention(config, dim, heads);
        layernorm_after = nn.LayerNorm(dim, eps: config.LayerNormEps);
        intermediate = new SwinIntermediate(config, dim);
        output = new SwinOutput(config, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates, long height, long width)
    {
        using var scope = NewDisposeScope();
        var (window, shift) = WindowAndShift(height, width);
        long batch = hiddenStates.shape[0], channels = hiddenStates.shape[2];
        Tensor x = layernorm_before.forward(hiddenStates).view(batch, height, width, channels);

        long padRight = (window - width % window) % window, padBottom = (window - height % window) % window;
        if (padRight + padBottom > 0) x = nn.functional.pad(x, [0, 0, 0, padRight, 0, padBottom]);
        long heightPad = height + padBottom, widthPad = width + padRight;
        if (shift > 0) x = x.roll([-shift, -shift], [1, 2]);

        Tensor windows = SwinWindows.Partition(x, window).view(-1, (long)window * window, channels);
        Tensor? mask = shift > 0 ? SwinWindows.ShiftMask(heightPad, widthPad, window, shift, x.dtype, x.device) : null;
        Tensor attended = attention.forward(windows, mask).view(-1, window, window, channels);
        Tensor merged = SwinWindows.Reverse(attended, window, heightPad, widthPad);
        if (shift > 0) merged = merged.roll([shift, shift], [1, 2]);
        if (padRight + padBottom > 0) merged = merged.narrow(1, 0, height).narrow(2, 0, width);

        Tensor residual = hiddenStates + merged.contiguous().view(batch, height * width, channels);
        Tensor mlp = output.forward(intermediate.forward(layernorm_after.forward(residual)));
        return (residual + mlp).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mirrors <c>set_shift_and_window_size</c>. transformers then keeps the attention's (2w−1)² bias table, so a grid
    /// narrower than the window cannot run there either; the error says so instead of a shape mismatch.
    /// </summary>
    private (int Window, int Shift) WindowAndShift(long height, long width)
    {
        long smallest = Math.Min(height, width);
        if (smallest > configuredWindow) return (configuredWindow, configuredShift);
        if (smallest < configuredWindow)
            throw new ArgumentException(
                $"Swin stage input is {height}×{width} tokens, smaller than window_size {configuredWindow}: transformers' SwinModel " +
                "cannot run this either (its relative position bias is sized for the configured window). Feed larger images.");
        return (configuredWindow, 0);
    }
}

/// <summary>Mirrors SwinPatchMerging: pad odd sizes, concatenate 2×2 neighbours (0,0), (1,0), (0,1), (1,1), LayerNorm, linear 4C → 2C.</summary>
public sealed class SwinPatchMerging : nn.Module<Tensor, long, long, Tensor>
{
    private readonly Linear reduction;
    private readonly LayerNorm norm;

    public SwinPatchMerging(int dim) : base(nameof(SwinPatchMerging))
    {
        reduction = nn.Linear(4L * dim, 2L * dim, hasBias: false);
        norm = nn.LayerNorm(4L * dim); // nn.LayerNorm(4 * dim): torch's default eps
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates, long height, long width)
    {
        using var scope = NewDisposeScope();
        long batch = hiddenStates.shape[0], channels = hiddenStates.shape[2];
        Tensor x = hiddenStates.view(batch, height, width, channels);
        if (height % 2 == 1 || width % 2 == 1) x = nn.functional.pad(x, [0, 0, 0, width % 2, 0, height % 2]);
        Tensor Take(long row, long col) => x.slice(1, row, x.shape[1], 2).slice(2, col, x.shape[2], 2);
        Tensor merged = cat([Take(0, 0), Take(1, 0), Take(0, 1), Take(1, 1)], -1).view(batch, -1, 4 * channels);
        return reduction.forward(norm.forward(merged)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors SwinStage: blocks alternating regular (even) and shifted (odd, shift = window // 2) windows, then patch merging.</summary>
public sealed class SwinStage : nn.Module<Tensor, long, long, Tensor>
{
    private readonly ModuleList<SwinLayer> blocks;
    private readonly SwinPatchMerging? downsample;

    public SwinStage(SwinConfig config, int stage) : base(nameof(SwinStage))
    {
        int dim = config.StageDim(stage);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Depths[stage])
            .Select(i => new SwinLayer(config, dim, config.NumHeads[stage], i % 2 == 0 ? 0 : config.WindowSize / 2)).ToArray());
        downsample = stage < config.NumStages - 1 ? new SwinPatchMerging(dim) : null;
        RegisterComponents();
    }

    /// <summary>Whether this stage halves the grid (every stage but the last).</summary>
    public bool Downsamples => downsample is not null;

    public override Tensor forward(Tensor hiddenStates, long height, long width)
    {
        using var scope = NewDisposeScope();
        Tensor x = hiddenStates;
        foreach (SwinLayer block in blocks) x = block.forward(x, height, width);
        if (downsample is not null) x = downsample.forward(x, height, width);
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Mirrors SwinEncoder with <c>output_hidden_states=True</c>: hidden_states = (embeddings, each stage's output after its
/// merging), reshaped_hidden_states = the same as N×C×H×W.
/// </summary>
public sealed class SwinEncoder : nn.Module<Tensor, long, long, (List<Tensor> Hidden, List<Tensor> Reshaped)>
{
    private readonly ModuleList<SwinStage> layers;

    public SwinEncoder(SwinConfig config) : base(nameof(SwinEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, config.NumStages).Select(s => new SwinStage(config, s)).ToArray());
        RegisterComponents();
    }

    public override (List<Tensor> Hidden, List<Tensor> Reshaped) forward(Tensor embeddings, long height, long width)
    {
        var hidden = new List<Tensor> { embeddings };
        var reshaped = new List<Tensor> { Reshape(embeddings, height, width) };
        foreach (SwinStage stage in layers)
        {
            Tensor x = stage.forward(hidden[^1], height, width);
            if (stage.Downsamples) (height, width) = ((height + 1) / 2, (width + 1) / 2);
            hidden.Add(x);
            reshaped.Add(Reshape(x, height, width));
        }
        return (hidden, reshaped);
    }

    /// <summary>b (h w) c → b c h w.</summary>
    private static Tensor Reshape(Tensor x, long height, long width) => x.view(x.shape[0], height, width, x.shape[2]).permute(0, 3, 1, 2);
}

/// <summary>
/// Mirrors SwinModel: embeddings, encoder, final LayerNorm (<c>last_hidden_state</c>), and the pooler
/// (<c>AdaptiveAvgPool1d(1)</c> over tokens, no weights; <c>add_pooling_layer=True</c> by default).
/// </summary>
public sealed class SwinModel : nn.Module<Tensor, VisionModelOutput>
{
    private readonly SwinEmbeddings embeddings;
    private readonly SwinEncoder encoder;
    private readonly LayerNorm layernorm;
    private readonly bool pool;

    public SwinModel(SwinConfig config, bool addPoolingLayer = true) : base(nameof(SwinModel))
    {
        embeddings = new SwinEmbeddings(config);
        encoder = new SwinEncoder(config);
        layernorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        pool = addPoolingLayer;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        var (embedded, height, width) = embeddings.forward(pixelValues);
        var (hidden, reshaped) = encoder.forward(embedded, height, width);
        Tensor last = layernorm.forward(hidden[^1]);
        Tensor? pooled = pool ? last.mean([1L]) : null;
        return new VisionModelOutput(hidden, last, pooled, null, reshaped).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors SwinForImageClassification: SwinModel with its pooler, a linear head on the pooled output.</summary>
public sealed class SwinForImageClassification : nn.Module<Tensor, VisionModelOutput>
{
    private readonly SwinModel swin;
    private readonly Linear? classifier; // nn.Identity when num_labels == 0

    public SwinForImageClassification(SwinConfig config) : base(nameof(SwinForImageClassification))
    {
        swin = new SwinModel(config, addPoolingLayer: true);
        classifier = config.NumLabels > 0 ? nn.Linear(config.HiddenSize, config.NumLabels) : null;
        RegisterComponents();
    }

    public override VisionModelOutput forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        VisionModelOutput baseOutput = swin.forward(pixelValues);
        Tensor logits = classifier is null ? baseOutput.PoolerOutput!.clone() : classifier.forward(baseOutput.PoolerOutput!);
        return (baseOutput with { Logits = logits }).MoveToOuterDisposeScope();
    }
}
