using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>The <c>hidden_act</c> names of transformers' <c>ACT2FN</c> that these models accept.</summary>
internal static class Activations
{
    /// <summary>Supported names (transformers.activations.ACT2CLS keys).</summary>
    public static readonly IReadOnlyList<string> Supported =
        ["gelu", "gelu_python", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "quick_gelu", "relu", "silu", "swish", "tanh"];

    /// <summary>Fails naming <c>hidden_act</c> when the value is not supported.</summary>
    public static void Check(string name)
    {
        if (!Supported.Contains(name))
            throw new InvalidDataException(
                $"config.json field 'hidden_act' is '{name}', which idim does not support (supported: {string.Join(", ", Supported)}).");
    }

    /// <summary>Applies the activation; mirrors the matching transformers activation class.</summary>
    public static Tensor Apply(string name, Tensor x) => name switch
    {
        // GELUActivation / gelu_python: the exact erf form.
        "gelu" or "gelu_python" => nn.functional.gelu(x),
        // NewGELUActivation, PytorchGELUTanh, FastGELUActivation: the tanh approximation.
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        // QuickGELUActivation: x * sigmoid(1.702 x).
        "quick_gelu" => x * torch.sigmoid(x * 1.702),
        "relu" => nn.functional.relu(x),
        "silu" or "swish" => nn.functional.silu(x),
        "tanh" => torch.tanh(x),
        _ => throw new InvalidDataException($"Unsupported hidden_act '{name}'."),
    };

    /// <summary>
    /// <see cref="Apply"/> on a tensor nobody else holds: ReLU overwrites it (one pass, no new tensor); the others
    /// return a new tensor as <see cref="Apply"/> does. Same numbers either way.
    /// </summary>
    public static Tensor ApplyInPlace(string name, Tensor x) => name == "relu" ? x.relu_() : Apply(name, x);
}
