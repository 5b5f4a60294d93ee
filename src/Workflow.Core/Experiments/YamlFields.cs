using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Workflow.Core.Experiments;

/// <summary>
/// Typed, validated access to one YAML mapping of an experiment file. Every error names the file,
/// the dotted field path, the value found and what is allowed; unknown keys are errors (a typo must
/// not silently fall back to a default).
/// </summary>
internal sealed class YamlFields
{
    private readonly string _file;
    private readonly string _prefix;
    private readonly YamlMappingNode _node;

    public YamlFields(string file, string prefix, YamlMappingNode node, IReadOnlyCollection<string> allowedKeys)
    {
        _file = file;
        _prefix = prefix;
        _node = node;
        foreach (var key in node.Children.Keys)
        {
            string name = ((YamlScalarNode)key).Value ?? "";
            if (!allowedKeys.Contains(name))
                throw new ExperimentConfigException(
                    $"{file}: unknown field '{Path(name)}'; expected one of: {string.Join(", ", allowedKeys)}.");
        }
    }

    public string Path(string key) => _prefix.Length == 0 ? key : _prefix + "." + key;

    public bool Has(string key) => _node.Children.ContainsKey(new YamlScalarNode(key));

    private YamlNode? Get(string key) =>
        _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private string? Scalar(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is not YamlScalarNode scalar)
            throw new ExperimentConfigException(_file, Path(key), node is YamlSequenceNode list ? "[" + string.Join(", ", list.Children.Select(Describe)) + "]" : "{…}", "a single value");
        return scalar.Value is null or "~" or "null" ? null : scalar.Value;
    }

    public string RequiredString(string key, string allowed) =>
        Scalar(key) is { Length: > 0 } s ? s : throw new ExperimentConfigException(_file, Path(key), Get(key) is null ? null : "an empty value", allowed);

    public string? OptionalString(string key) => Scalar(key);

    public string Choice(string key, string fallback, params string[] choices)
    {
        string value = Scalar(key) ?? fallback;
        if (!choices.Contains(value, StringComparer.Ordinal))
            throw new ExperimentConfigException(_file, Path(key), value, "one of " + string.Join(", ", choices));
        return value;
    }

    public int Int(string key, int fallback, int min, int max = int.MaxValue)
    {
        string? text = Scalar(key);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new ExperimentConfigException(_file, Path(key), text,
                max == int.MaxValue ? $"an integer ≥ {min} (and at most {int.MaxValue})" : $"an integer in [{min}, {max}]");
        return value;
    }

    public double Double(string key, double fallback, double min, double maxExclusive)
    {
        string? text = Scalar(key);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= min && value < maxExclusive))
            throw new ExperimentConfigException(_file, Path(key), text, $"a number in [{min.ToString(CultureInfo.InvariantCulture)}, {maxExclusive.ToString(CultureInfo.InvariantCulture)})");
        return value;
    }

    public double? OptionalPositiveDouble(string key)
    {
        string? text = Scalar(key);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || double.IsInfinity(value))
            throw new ExperimentConfigException(_file, Path(key), text, "a positive number, or null to switch it off");
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        string? text = Scalar(key);
        if (text is null) return fallback;
        return text switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw new ExperimentConfigException(_file, Path(key), text, "true or false"),
        };
    }

    public YamlFields? Mapping(string key, IReadOnlyCollection<string> allowedKeys, bool required)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required) throw new ExperimentConfigException(_file, Path(key), null, "a mapping with fields " + string.Join(", ", allowedKeys));
            return null;
        }
        if (node is not YamlMappingNode mapping)
            throw new ExperimentConfigException(_file, Path(key), Describe(node), "a mapping with fields " + string.Join(", ", allowedKeys));
        return new YamlFields(_file, Path(key), mapping, allowedKeys);
    }

    public IReadOnlyList<YamlNode>? Sequence(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is not YamlSequenceNode sequence)
            throw new ExperimentConfigException(_file, Path(key), Describe(node), "a list");
        return sequence.Children.ToList();
    }

    /// <summary>Either the word <paramref name="word"/> (→ null) or a list of integers ≥ 0.</summary>
    public IReadOnlyList<int>? WordOrIntList(string key, string word)
    {
        var node = Get(key);
        if (node is null || node is YamlScalarNode { Value: var v } && v == word) return null;
        if (node is YamlSequenceNode sequence)
        {
            var values = new List<int>();
            foreach (var item in sequence.Children)
            {
                string text = (item as YamlScalarNode)?.Value ?? Describe(item);
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < 0)
                    throw new ExperimentConfigException(_file, Path(key), text, $"'{word}' or a list of layer indices ≥ 0");
                values.Add(value);
            }
            if (values.Count == 0 || values.Distinct().Count() != values.Count)
                throw new ExperimentConfigException(_file, Path(key), "[" + string.Join(", ", values) + "]", "a non-empty list of distinct layer indices");
            return values;
        }
        throw new ExperimentConfigException(_file, Path(key), Describe(node), $"'{word}' or a list of layer indices ≥ 0");
    }

    public ExperimentConfigException Error(string key, string? value, string allowed) => new(_file, Path(key), value, allowed);

    private static string Describe(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "null" : node.NodeType.ToString().ToLowerInvariant();
}
