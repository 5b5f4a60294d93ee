using System.Text.Json.Nodes;

namespace Workflow.Torch.Preprocessing;

/// <summary>
/// ConvNextImageProcessor's resize (transformers 4.43 <c>image_processing_convnext.py</c>; also ResNet's processor): for
/// <c>shortest_edge</c> &lt; 384, resize the shortest edge to <c>int(shortest_edge / crop_pct)</c> (the long edge
/// <c>int(new_short · long / short)</c>, as <c>get_resize_output_image_size(default_to_square=False)</c>), then centre crop
/// to shortest_edge × shortest_edge; from 384 on, warp to shortest_edge × shortest_edge without cropping. The crop is part
/// of the resize step: <c>do_resize = false</c> skips both.
/// </summary>
internal static class ConvNextResize
{
    public const string ProcessorClass = "ConvNextImageProcessor";

    /// <summary>ConvNextImageProcessor.__init__: shortest_edge 384, crop_pct 224 / 256, bilinear, IMAGENET_STANDARD mean/std (0.5).</summary>
    public static ImageProcessorConfig Defaults() => new()
    {
        ProcessorClass = ProcessorClass, Height = 384, Width = 384, Resample = PillowFilter.Bilinear, CropPct = 224.0 / 256.0,
    };

    /// <summary>
    /// <c>size</c> as <c>get_size_dict(size, default_to_square=False)</c> reads it: an integer or <c>{"shortest_edge": s}</c>
    /// (stored as Height = Width = s).
    /// </summary>
    public static (int, int) ShortestEdge(JsonObject root, (int, int) fallback)
    {
        JsonNode? node = root["size"];
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out int edge) && edge > 0) return (edge, edge);
        if (node is JsonObject o && o["shortest_edge"] is JsonValue sv && sv.TryGetValue(out int s) && s > 0) return (s, s);
        throw new InvalidDataException(
            $"preprocessor_config.json field 'size' is {node.ToJsonString()}; ConvNextImageProcessor needs an integer or {{\"shortest_edge\": s}}.");
    }

    /// <summary><c>crop_pct</c> (absent or null: 224 / 256, the class default); must lie in (0, 1].</summary>
    public static double CropPct(JsonObject root)
    {
        JsonNode? node = root["crop_pct"];
        if (node is null) return 224.0 / 256.0;
        if (node is JsonValue v && v.TryGetValue(out double pct) && pct > 0 && pct <= 1) return pct;
        throw new InvalidDataException($"preprocessor_config.json field 'crop_pct' should be a number in (0, 1], found {node.ToJsonString()}.");
    }

    /// <summary>Output height × width for an input of the given size.</summary>
    public static (int Height, int Width) OutputSize(ImageProcessorConfig config, int height, int width) =>
        config.DoResize ? (config.Height, config.Height) : (height, width);

    /// <summary>Resize (and, below 384, centre crop) one uint8 HWC image.</summary>
    public static byte[] Apply(byte[] image, int height, int width, ImageProcessorConfig config)
    {
        if (!config.DoResize) return image;
        int shortestEdge = config.Height;
        if (shortestEdge >= 384)
            return PillowResize.ResizeRgb(image, height, width, shortestEdge, shortestEdge, config.Resample);
        int resizeShortest = (int)(shortestEdge / config.CropPct!.Value);
        var (newHeight, newWidth) = ShortestEdgeSize(height, width, resizeShortest);
        byte[] resized = PillowResize.ResizeRgb(image, height, width, newHeight, newWidth, config.Resample);
        return ImageProcessor.CenterCrop(resized, newHeight, newWidth, shortestEdge, shortestEdge);
    }

    /// <summary>Mirrors <c>get_resize_output_image_size(image, size, default_to_square=False)</c> for an integer size.</summary>
    internal static (int Height, int Width) ShortestEdgeSize(int height, int width, int size)
    {
        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        int newLong = (int)((long)size * longSide / shortSide);
        return width <= height ? (newLong, size) : (size, newLong);
    }
}
