using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workflow.Torch.Models.Clip;

// CLIP's transformer encoder in transformers' data-flow order (transformers/models/clip/modeling_clip.py, v4.43):
// `encoder.layers.0.self_attn.q_proj.weight`, `encoder.layers.0.mlp.fc1.weight`, ... SigLIP's encoder is
// "Copied from CLIP" with the same keys and reuses these modules. Dropout is omitted: inference only.

/// <summary>The sizes of a CLIP / SigLIP encoder.</summary>
internal sealed record ClipEncoderSizes(int HiddenSize, int Heads, int IntermediateSize, string HiddenAct, double LayerNormEps, int Layers);

/// <summary>
/// Mirrors CLIPAttention (eager) and SiglipAttention: q_proj/k_proj/v_proj/out_proj with biases; softmax(q·kᵀ/√d)·v.
/// CLIP scales q before the product and SigLIP the product; both are the same attention up to float32 round-off.
/// </summary>
internal sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear q_proj;
    private readonly Linear out_proj;
    private readonly int heads;

    public ClipAttention(ClipEncoderSizes sizes) : base(nameof(ClipAttention))
    {
        heads = sizes.Heads;
        k_proj = nn.Linear(sizes.HiddenSize, sizes.HiddenSize);
        v_proj = nn.Linear(sizes.HiddenSize, sizes.HiddenSize);
        q_proj = nn.Linear(sizes.HiddenSize, sizes.HiddenSize);
        out_proj = nn.Linear(sizes.HiddenSize, sizes.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor q = ScaledDotProductAttention.SplitHeads(q_proj.forward(hiddenStates), heads);
        Tensor k = ScaledDotProductAttention.SplitHeads(k_proj.forward(hiddenStates), heads);
        Tensor v = ScaledDotProductAttention.SplitHeads(v_proj.forward(hiddenStates), heads);
        return out_proj.forward(ScaledDotProductAttention.Attend(q, k, v, bias: null)).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors CLIPMLP / SiglipMLP: fc1, <c>hidden_act</c>, fc2.</summary>
internal sealed class ClipMLP : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly string activation;

    public ClipMLP(int hiddenSize, int intermediateSize, string hiddenAct) : base(nameof(ClipMLP))
    {
        fc1 = nn.Linear(hiddenSize, intermediateSize);
        fc2 = nn.Linear(intermediateSize, hiddenSize);
        activation = hiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(Activations.Apply(activation, fc1.forward(hiddenStates))).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors CLIPEncoderLayer / SiglipEncoderLayer: x + self_attn(layer_norm1(x)), then + mlp(layer_norm2(x)).</summary>
internal sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
    private readonly ClipAttention self_attn;
    private readonly LayerNorm layer_norm1;
    private readonly ClipMLP mlp;
    private readonly LayerNorm layer_norm2;

    public ClipEncoderLayer(ClipEncoderSizes sizes) : base(nameof(ClipEncoderLayer))
    {
        self_attn = new ClipAttention(sizes);
        layer_norm1 = nn.LayerNorm(sizes.HiddenSize, eps: sizes.LayerNormEps);
        mlp = new ClipMLP(sizes.HiddenSize, sizes.IntermediateSize, sizes.HiddenAct);
        layer_norm2 = nn.LayerNorm(sizes.HiddenSize, eps: sizes.LayerNormEps);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        Tensor attended = self_attn.forward(layer_norm1.forward(hiddenStates)) + hiddenStates;
        return (mlp.forward(layer_norm2.forward(attended)) + attended).MoveToOuterDisposeScope();
    }
}

/// <summary>Mirrors CLIPEncoder / SiglipEncoder with <c>output_hidden_states=True</c>: the input and every layer's output.</summary>
internal sealed class ClipEncoder : nn.Module<Tensor, IReadOnlyList<Tensor>>
{
    private readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(ClipEncoderSizes sizes) : base(nameof(ClipEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, sizes.Layers).Select(_ => new ClipEncoderLayer(sizes)).ToArray());
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> forward(Tensor hiddenStates)
    {
        var all = new List<Tensor>(layers.Count + 1) { hiddenStates };
        foreach (ClipEncoderLayer layer in layers) all.Add(layer.forward(all[^1]));
        return all;
    }
}
