using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>
/// What a forward pass returns, in transformers' names: <c>hidden_states</c> (L+1 tensors N×T×C: the embedding
/// output, then each block's output; the last is before the final LayerNorm), <c>last_hidden_state</c> (after
/// it), and <c>pooler_output</c> / <c>logits</c> where the model has them. Owns its tensors.
/// <c>reshaped_hidden_states</c> (Swin only; null for token families and for ConvNeXt / ResNet, whose hidden states are
/// already N×C×H×W): the same stage outputs as N×C×H×W views.
/// </summary>
public sealed record VisionModelOutput(
    IReadOnlyList<Tensor> HiddenStates,
    Tensor LastHiddenState,
    Tensor? PoolerOutput,
    Tensor? Logits,
    IReadOnlyList<Tensor>? ReshapedHiddenStates = null) : IDisposable
{
    /// <summary>Moves every tensor out of the current dispose scope (so it survives the forward's scope).</summary>
    public VisionModelOutput MoveToOuterDisposeScope()
    {
        foreach (Tensor t in Distinct()) t.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>Every named output, in transformers' naming (<c>hidden_states.0</c> …).</summary>
    public IEnumerable<(string Name, Tensor Value)> Named()
    {
        for (int i = 0; i < HiddenStates.Count; i++) yield return ($"hidden_states.{i}", HiddenStates[i]);
        for (int i = 0; i < (ReshapedHiddenStates?.Count ?? 0); i++) yield return ($"reshaped_hidden_states.{i}", ReshapedHiddenStates![i]);
        yield return ("last_hidden_state", LastHiddenState);
        if (PoolerOutput is not null) yield return ("pooler_output", PoolerOutput);
        if (Logits is not null) yield return ("logits", Logits);
    }

    public void Dispose()
    {
        foreach (Tensor t in Distinct()) t.Dispose();
    }

    // last_hidden_state is the same tensor object as hidden_states[L] when the final LayerNorm is an identity.
    private IEnumerable<Tensor> Distinct() =>
        Named().Select(n => n.Value).Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>();
}
