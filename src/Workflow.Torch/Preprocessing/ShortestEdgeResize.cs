using System.Text.Json.Nodes;

namespace Workflow.Torch.Preprocessing;

/// <summary>
/// The <c>size = {"shortest_edge": s}</c> resize of CLIPImageProcessor and BitImageProcessor (transformers 4.43
/// <c>image_transforms.get_resize_output_image_size(image, size=s, default_to_square=False)</c>): the short side
/// becomes s and the long side <c>int(s * long / short)</c> (Python's truncating <c>int</c> of a float division).
/// </summary>
public static class ShortestEdgeResize
{
    /// <summary>The processor classes whose <c>size</c> is read with <c>default_to_square=False</c>.</summary>
    public static readonly IReadOnlyList<string> Classes = ["CLIPImageProcessor", "BitImageProcessor"];

    /// <summary>Height × width the resize step produces for an input of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static (int Height, int Width) Target(ImageProcessorConfig config, int height, int width) =>
        config.ShortestEdge is int edge ? OutputSize(height, width, edge) : (config.Height, config.Width);

    /// <summary>Mirrors <c>get_resize_output_image_size</c> for an integer size, <c>default_to_square=False</c>, no <c>max_size</c>.</summary>
    public static (int Height, int Width) OutputSize(int height, int width, int shortestEdge)
    {
        bool portrait = width <= height;
        int shortSide = portrait ? width : height, longSide = portrait ? height : width;
        int newLong = (int)((double)shortestEdge * longSide / shortSide);
        return portrait ? (newLong, shortestEdge) : (shortestEdge, newLong);
    }

    /// <summary>
    /// Mirrors <c>get_size_dict(size, default_to_square=False)</c> as CLIP/Bit's <c>resize</c> accepts it: an integer or
    /// <c>{"shortest_edge": s}</c> is a shortest edge (returned); <c>{"height", "width"}</c> is a fixed size (null: read
    /// it as height × width).
    /// </summary>
    public static int? ParseShortestEdge(JsonNode? node, int? fallback)
    {
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out int edge) && edge > 0) return edge;
        if (node is JsonObject o && o["shortest_edge"] is JsonValue e && e.TryGetValue(out int s) && s > 0) return s;
        if (node is JsonObject hw && hw["height"] is not null && hw["width"] is not null) return null;
        throw new InvalidDataException(
            $"preprocessor_config.json field 'size' is {node.ToJsonString()}; CLIP/Bit processors need an integer, " +
            "{\"shortest_edge\": s} or {\"height\": h, \"width\": w}.");
    }
}
