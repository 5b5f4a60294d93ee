using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Workflow.Torch.Weights;

/// <summary>How checkpoint keys relate to a module's state_dict keys.</summary>
/// <param name="BasePrefix">The base model's attribute in a classifier: <c>vit</c>, <c>beit</c> or <c>data2vec_vision</c>.</param>
/// <param name="ModuleHasPrefix">True when the module is a classifier (its keys start with the prefix).</param>
/// <param name="KnownUnusedPrefixes">
/// Checkpoint keys (after prefix handling) that may be present and are deliberately not loaded, e.g. <c>classifier.</c>
/// when the base model is asked for, <c>pooler.</c> when the model has none.
/// </param>
public sealed record KeyMapping(string BasePrefix, bool ModuleHasPrefix, IReadOnlyList<string> KnownUnusedPrefixes);

/// <summary>What loading skipped: on purpose (<paramref name="IgnoredKeys"/>) and unexpectedly (<paramref name="UnexpectedKeys"/>).</summary>
/// <param name="IgnoredKeys">Documented known-unused tensors (a head the model does not build, recomputed buffers).</param>
/// <param name="UnexpectedKeys">Checkpoint tensors the model has no place for, by their checkpoint names (sorted).</param>
public sealed record WeightLoadReport(IReadOnlyList<string> IgnoredKeys, IReadOnlyList<string> UnexpectedKeys)
{
    /// <summary>
    /// The warning transformers logs for the same case (<c>modeling_utils._load_pretrained_model</c>: "Some weights of the
    /// model checkpoint at X were not used when initializing Y: [...]"), or null when every tensor was used.
    /// </summary>
    public string? Warning(string source, string modelName) => UnexpectedKeys.Count == 0
        ? null
        : $"Some weights of the model checkpoint at {source} were not used when initializing {modelName} ({UnexpectedKeys.Count}): " +
          $"{string.Join(", ", UnexpectedKeys)}. This is expected when the checkpoint was trained with another head or task; " +
          "otherwise check that config.json and the weights come from the same model.";
}

/// <summary>
/// Copies a checkpoint into a module with a strict key check, as <c>from_pretrained</c> does but refusing to leave any
/// parameter at its random initial value: missing and mis-shaped tensors fail together, listed by name. Unexpected
/// tensors (nothing in the model to put them in) do not fail, as in transformers: they are returned, and the caller warns
/// and records them (<see cref="WeightLoadReport.Warning"/>).
/// Handled quietly, as transformers does: the base prefix either way (<c>_load_state_dict_into_model</c>'s
/// <c>start_prefix</c> / <c>base_model_prefix</c> logic), legacy LayerNorm names <c>gamma</c>/<c>beta</c>
/// (<c>_fix_key</c>), and the <c>relative_position_index</c> buffers old BEiT checkpoints store (recomputed here).
/// </summary>
public static class StateDictLoader
{
    /// <summary>Loads <paramref name="checkpoint"/> into <paramref name="module"/>, converting dtypes as needed.</summary>
    /// <exception cref="InvalidDataException">Missing or mis-shaped tensors; the message lists them (and any unexpected ones, which often explain them).</exception>
    public static WeightLoadReport Load(nn.Module module, IReadOnlyDictionary<string, Tensor> checkpoint, KeyMapping mapping, string modelName)
    {
        var ignored = new List<string>();
        Dictionary<string, (string Original, Tensor Value)> renamed = Rename(checkpoint, mapping, ignored);

        Dictionary<string, Tensor> expected = module.state_dict();
        var missing = expected.Keys.Where(k => !renamed.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var unexpected = renamed.Where(kv => !expected.ContainsKey(kv.Key)).Select(kv => kv.Value.Original).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var misshaped = new List<string>();
        foreach (var (key, (original, value)) in renamed)
        {
            if (expected.TryGetValue(key, out Tensor? target) && !target.shape.SequenceEqual(value.shape))
                misshaped.Add($"{original} (checkpoint [{string.Join(", ", value.shape)}], model [{string.Join(", ", target.shape)}])");
        }
        if (missing.Count + misshaped.Count > 0)
            throw new InvalidDataException(Describe(modelName, missing, unexpected, misshaped));

        using (no_grad())
        {
            foreach (var (key, target) in expected) target.copy_(renamed[key].Value);
        }
        return new WeightLoadReport(ignored, unexpected);
    }

    /// <summary>Applies the prefix rules and legacy renames; collects the keys skipped on purpose.</summary>
    internal static Dictionary<string, (string, Tensor)> Rename(IReadOnlyDictionary<string, Tensor> checkpoint, KeyMapping mapping, List<string> ignored)
    {
        string prefix = mapping.BasePrefix + ".";
        bool checkpointHasPrefix = checkpoint.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
        var result = new Dictionary<string, (string, Tensor)>();
        foreach (var (original, value) in checkpoint)
        {
            if (original.EndsWith("relative_position_index", StringComparison.Ordinal))
            {
                ignored.Add(original); // a buffer transformers recomputes and no longer saves
                continue;
            }
            string key = FixLegacyName(original);
            if (mapping.ModuleHasPrefix && !checkpointHasPrefix && !key.StartsWith("classifier.", StringComparison.Ordinal))
                key = prefix + key;
            else if (!mapping.ModuleHasPrefix && checkpointHasPrefix && key.StartsWith(prefix, StringComparison.Ordinal))
                key = key[prefix.Length..];

            string bare = mapping.ModuleHasPrefix && key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key;
            if (mapping.KnownUnusedPrefixes.Any(p => bare.StartsWith(p, StringComparison.Ordinal) || key.StartsWith(p, StringComparison.Ordinal)))
            {
                ignored.Add(original);
                continue;
            }
            result[key] = (original, value);
        }
        return result;
    }

    /// <summary>Mirrors <c>PreTrainedModel._fix_key</c> for LayerNorm parameters saved as gamma/beta by old code.</summary>
    private static string FixLegacyName(string key)
    {
        if (key.EndsWith(".gamma", StringComparison.Ordinal)) return key[..^".gamma".Length] + ".weight";
        if (key.EndsWith(".beta", StringComparison.Ordinal)) return key[..^".beta".Length] + ".bias";
        return key;
    }

    private static string Describe(string modelName, List<string> missing, List<string> unexpected, List<string> misshaped)
    {
        var text = new StringBuilder($"The weights do not match {modelName} as built from config.json.");
        void Section(string title, List<string> names)
        {
            if (names.Count == 0) return;
            const int shown = 20;
            text.Append($"\n  {title} ({names.Count}): {string.Join(", ", names.Take(shown))}");
            if (names.Count > shown) text.Append($", … and {names.Count - shown} more");
        }
        Section("missing from the checkpoint", missing);
        Section("unexpected in the checkpoint", unexpected);
        Section("wrong shape", misshaped);
        text.Append("\nCheck that config.json and the weight files come from the same model and revision " +
                    "(a config field such as use_relative_position_bias, layer_scale_init_value or num_labels may disagree with the weights).");
        return text.ToString();
    }
}
