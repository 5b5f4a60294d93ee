using Workflow.Torch.Models;

namespace Workflow.Torch.Rehearsal;

/// <summary>
/// The architecture sizes of the poster's models (base: 768 × 12, large: 1024 × 24, huge: 1280 × 32 with patch 14),
/// each from the real config.json of the Google ViT checkpoint of that size, and which size a config is.
/// </summary>
public static class ArchitectureSizes
{
    /// <summary>The size names, smallest first.</summary>
    public static readonly IReadOnlyList<string> Names = ["base", "large", "huge"];

    private static readonly Dictionary<string, string> Repo = new()
    {
        ["base"] = "google/vit-base-patch16-224",
        ["large"] = "google/vit-large-patch16-224",
        ["huge"] = "google/vit-huge-patch14-224-in21k",
    };

    /// <summary>The ViT config of a size.</summary>
    public static VisionConfig Config(string size) =>
        Repo.TryGetValue(size, out string? repo)
            ? VisionConfig.Parse(PosterRepos.Config(repo))
            : throw new ArgumentException($"Unknown architecture size '{size}'. Expected one of: {string.Join(", ", Names)}.", nameof(size));

    /// <summary>The size whose hidden width and depth a config has, or null for none of the three.</summary>
    public static string? Of(PretrainedConfig config) => config is VisionConfig v
        ? Names.FirstOrDefault(n => Config(n) is var c && c.HiddenSize == v.HiddenSize && c.NumHiddenLayers == v.NumHiddenLayers)
        : null;

    /// <summary>
    /// GFLOP per image of the forward (2 FLOP per multiply-add): per block, Q/K/V/output projections 4·T·h², the MLP
    /// 2·T·h·i, the two attention products 2·T²·h; plus the patch convolution P·(3·p²)·h. ViT-base: 35.1.
    /// </summary>
    public static double ForwardGflop(VisionConfig c)
    {
        double patches = c.PatchGrid.Height * c.PatchGrid.Width, tokens = c.SequenceLength, h = c.HiddenSize;
        double perBlock = 4 * tokens * h * h + 2 * tokens * h * c.IntermediateSize + 2 * tokens * tokens * h;
        double conv = patches * c.NumChannels * c.PatchHeight * c.PatchWidth * h;
        return 2 * (perBlock * c.NumHiddenLayers + conv) / 1e9;
    }
}
