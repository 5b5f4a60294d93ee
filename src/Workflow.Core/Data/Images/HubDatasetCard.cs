using YamlDotNet.RepresentationModel;

namespace Workflow.Core.Data.Images;

/// <summary>
/// The YAML header of a Hub dataset's README.md (the dataset card metadata), read for two things, as <c>datasets</c>
/// reads them: <c>configs[].data_files</c> (which files make which split) and
/// <c>dataset_info.features[].dtype.class_label.names</c> (the class names of a ClassLabel column).
/// </summary>
public sealed class HubDatasetCard
{
    private readonly YamlMappingNode? _root;

    private HubDatasetCard(YamlMappingNode? root) => _root = root;

    /// <summary>A card without metadata.</summary>
    public static HubDatasetCard Empty { get; } = new(null);

    /// <summary>Reads the front matter between the leading <c>---</c> lines; a README without one gives <see cref="Empty"/>.</summary>
    public static HubDatasetCard Parse(string readme)
    {
        ArgumentNullException.ThrowIfNull(readme);
        string[] lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length < 2 || lines[0].Trim() != "---") return Empty;
        int end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0) return Empty;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(string.Join('\n', lines[1..end])));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return Empty; // the Hub shows such cards as invalid; datasets then falls back to its defaults
        }
        return new HubDatasetCard(stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null);
    }

    /// <summary>
    /// The config <c>datasets</c> loads without a name: the one marked <c>default: true</c>, else the one named
    /// <c>default</c>, else the first; with its name and the file patterns of <paramref name="split"/> (null when the
    /// card has no <c>configs</c>, or that config does not list the split).
    /// </summary>
    public (string Config, IReadOnlyList<string>? Patterns)? DataFiles(string split)
    {
        if (Child(_root, "configs") is not YamlSequenceNode configs || configs.Children.Count == 0) return null;
        var mappings = configs.Children.OfType<YamlMappingNode>().ToList();
        YamlMappingNode? chosen = mappings.FirstOrDefault(c => Scalar(Child(c, "default")) is "true" or "True")
                                  ?? mappings.FirstOrDefault(c => Scalar(Child(c, "config_name")) == "default")
                                  ?? mappings.FirstOrDefault();
        if (chosen is null) return null;
        string config = Scalar(Child(chosen, "config_name")) ?? "default";
        YamlNode? dataFiles = Child(chosen, "data_files");
        switch (dataFiles)
        {
            case YamlScalarNode one: // data_files: "*.parquet" means a train split
                return (config, split == "train" ? [one.Value!] : null);
            case YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode):
                return (config, split == "train" ? list.Children.Select(c => ((YamlScalarNode)c).Value!).ToArray() : null);
            case YamlSequenceNode splits:
                foreach (var entry in splits.Children.OfType<YamlMappingNode>())
                {
                    if (Scalar(Child(entry, "split")) != split) continue;
                    return Child(entry, "path") switch
                    {
                        YamlScalarNode p => (config, [p.Value!]),
                        YamlSequenceNode ps => (config, ps.Children.OfType<YamlScalarNode>().Select(p => p.Value!).ToArray()),
                        _ => (config, null),
                    };
                }
                return (config, null);
            default:
                return (config, null);
        }
    }

    /// <summary>The class names of <paramref name="labelColumn"/> for <paramref name="config"/> (or the only/first config), or null.</summary>
    public IReadOnlyList<string>? ClassNames(string labelColumn, string? config)
    {
        YamlMappingNode? info = Child(_root, "dataset_info") switch
        {
            YamlMappingNode single => single,
            YamlSequenceNode many => many.Children.OfType<YamlMappingNode>().FirstOrDefault(i => config is not null && Scalar(Child(i, "config_name")) == config)
                                     ?? many.Children.OfType<YamlMappingNode>().FirstOrDefault(),
            _ => null,
        };
        if (Child(info, "features") is not YamlSequenceNode features) return null;
        var feature = features.Children.OfType<YamlMappingNode>().FirstOrDefault(f => Scalar(Child(f, "name")) == labelColumn);
        YamlNode? names = Child(Child(Child(feature, "dtype"), "class_label"), "names");
        return names switch
        {
            // names: {'0': airplane, '1': automobile, …} — ordered by the integer key
            YamlMappingNode byId => byId.Children
                .Select(p => (Id: int.TryParse(Scalar(p.Key), out int id) ? id : int.MaxValue, Name: Scalar(p.Value) ?? ""))
                .OrderBy(p => p.Id).Select(p => p.Name).ToArray(),
            YamlSequenceNode list => list.Children.Select(n => Scalar(n) ?? "").ToArray(),
            _ => null,
        };
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
