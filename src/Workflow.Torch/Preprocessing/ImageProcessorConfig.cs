using System.Text.Json.Nodes;
using Workflow.Torch.Models;

namespace Workflow.Torch.Preprocessing;

/// <summary>
/// A <c>preprocessor_config.json</c> for ViTImageProcessor or BeitImageProcessor (and their legacy
/// <c>ViTFeatureExtractor</c> / <c>BeitFeatureExtractor</c> names with integer <c>size</c> / <c>crop_size</c>), with the
/// class defaults of transformers 4.43 filled in for absent keys.
/// </summary>
public sealed record ImageProcessorConfig
{
    /// <summary>The processor class names understood here.</summary>
    public static readonly IReadOnlyList<string> SupportedTypes =
        ["ViTImageProcessor", "ViTFeatureExtractor", "BeitImageProcessor", "BeitFeatureExtractor",
         "DeiTImageProcessor", "DeiTFeatureExtractor", "CLIPImageProcessor", "CLIPFeatureExtractor", "BitImageProcessor",
         "SiglipImageProcessor",
         "ConvNextImageProcessor", "ConvNextFeatureExtractor"];

    /// <summary>Normalised class name: <c>ViTImageProcessor</c> or <c>BeitImageProcessor</c>.</summary>
    public required string ProcessorClass { get; init; }
    public bool DoResize { get; init; } = true;
    public int Height { get; init; }
    public int Width { get; init; }
    /// <summary>
    /// <c>size = {"shortest_edge": s}</c> (CLIPImageProcessor, BitImageProcessor): resize the short side to s, the long
    /// side in proportion (see <see cref="ShortestEdgeResize"/>); null when <see cref="Height"/> × <see cref="Width"/> is the target.
    /// </summary>
    public int? ShortestEdge { get; init; }
    public PillowFilter Resample { get; init; }
    public bool DoCenterCrop { get; init; }
    public int CropHeight { get; init; }
    public int CropWidth { get; init; }
    public bool DoRescale { get; init; } = true;
    public double RescaleFactor { get; init; } = 1.0 / 255.0;
    public bool DoNormalize { get; init; } = true;
    public IReadOnlyList<double> ImageMean { get; init; } = [0.5, 0.5, 0.5];
    public IReadOnlyList<double> ImageStd { get; init; } = [0.5, 0.5, 0.5];
    /// <summary>ConvNextImageProcessor only (Height = Width = <c>shortest_edge</c>); selects <see cref="ConvNextResize"/>.</summary>
    public double? CropPct { get; init; }

    /// <summary>Height × width of the processor's output.</summary>
    public (int Height, int Width) OutputSize => DoCenterCrop ? (CropHeight, CropWidth) : (Height, Width);

    /// <summary>The class defaults (ViTImageProcessor.__init__ / BeitImageProcessor.__init__).</summary>
    public static ImageProcessorConfig Defaults(string processorClass) => processorClass switch
    {
        // ViTImageProcessor: size 224×224, bilinear, no crop, IMAGENET_STANDARD mean/std (0.5).
        "ViTImageProcessor" => new ImageProcessorConfig
        {
            ProcessorClass = processorClass, Height = 224, Width = 224, Resample = PillowFilter.Bilinear,
        },
        // BeitImageProcessor: size 256×256, bicubic, centre crop 224×224, IMAGENET_STANDARD mean/std (0.5).
        "BeitImageProcessor" => new ImageProcessorConfig
        {
            ProcessorClass = processorClass, Height = 256, Width = 256, Resample = PillowFilter.Bicubic,
            DoCenterCrop = true, CropHeight = 224, CropWidth = 224,
        },
        "DeiTImageProcessor" or "CLIPImageProcessor" or "BitImageProcessor" or "SiglipImageProcessor" =>
            TokenFamilyProcessorDefaults.For(processorClass),
        ConvNextResize.ProcessorClass => ConvNextResize.Defaults(),
        _ => throw new InvalidDataException($"Unknown image processor class '{processorClass}'."),
    };

    /// <summary>
    /// The processor for a folder without <c>preprocessor_config.json</c>: the family's defaults, resized to the model's
    /// own <c>image_size</c> when those defaults would produce another size (a 32 px model would otherwise get 224 px
    /// inputs and fail, probe #16).
    /// </summary>
    public static ImageProcessorConfig DefaultsFor(Models.PretrainedConfig config, string defaultProcessorClass)
    {
        ArgumentNullException.ThrowIfNull(config);
        ImageProcessorConfig d = Defaults(defaultProcessorClass);
        return d.OutputSize == (config.ImageHeight, config.ImageWidth) || d.CropPct is not null || d.ShortestEdge is not null ? d
            : d with { Height = config.ImageHeight, Width = config.ImageWidth, DoCenterCrop = false };
    }

    /// <summary>Reads <c>preprocessor_config.json</c>.</summary>
    public static ImageProcessorConfig Load(string path, string defaultProcessorClass)
    {
        try
        {
            return Parse(File.ReadAllText(path), defaultProcessorClass);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Parses the JSON text; <paramref name="defaultProcessorClass"/> (the family's <see cref="ModelFamily.DefaultProcessorClass"/>)
    /// is the class when the file names none.
    /// </summary>
    public static ImageProcessorConfig Parse(string json, string defaultProcessorClass)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("preprocessor_config.json is not a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException("preprocessor_config.json is not valid JSON: " + e.Message, e);
        }

        string? named = Str(root, "image_processor_type") ?? Str(root, "feature_extractor_type");
        string processorClass = named switch
        {
            null => defaultProcessorClass,
            "ViTImageProcessor" or "ViTFeatureExtractor" => "ViTImageProcessor",
            "BeitImageProcessor" or "BeitFeatureExtractor" => "BeitImageProcessor",
            "DeiTImageProcessor" or "DeiTFeatureExtractor" => "DeiTImageProcessor",
            "CLIPImageProcessor" or "CLIPFeatureExtractor" => "CLIPImageProcessor",
            "BitImageProcessor" or "SiglipImageProcessor" => named,
            "ConvNextImageProcessor" or "ConvNextFeatureExtractor" => ConvNextResize.ProcessorClass,
            _ => throw new InvalidDataException(
                $"preprocessor_config.json names the processor '{named}', which idim does not support (supported: {string.Join(", ", SupportedTypes)})."),
        };
        ImageProcessorConfig d = Defaults(processorClass);
        // CLIP / Bit read size with get_size_dict(default_to_square=False): an integer is a shortest edge.
        bool shortestEdgeClass = ShortestEdgeResize.Classes.Contains(processorClass);
        int? shortestEdge = shortestEdgeClass ? ShortestEdgeResize.ParseShortestEdge(root["size"], d.ShortestEdge) : null;
        bool isConvNext = processorClass == ConvNextResize.ProcessorClass;
        var (h, w) = isConvNext ? ConvNextResize.ShortestEdge(root, (d.Height, d.Width))
            : shortestEdge is null ? Size(root, "size", (d.Height, d.Width)) : (0, 0);
        bool isBeit = processorClass is "BeitImageProcessor" or "DeiTImageProcessor" || shortestEdgeClass; // the classes with a centre crop
        var (ch, cw) = isBeit ? Size(root, "crop_size", (d.CropHeight, d.CropWidth)) : (0, 0);
        int resample = Int(root, "resample", (int)d.Resample);
        if (resample is < 1 or > 5)
            throw new InvalidDataException(
                $"preprocessor_config.json field 'resample' is {resample}, which idim does not support (supported: 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming).");
        var config = d with
        {
            DoResize = Bool(root, "do_resize", d.DoResize),
            Height = h,
            Width = w,
            ShortestEdge = shortestEdge,
            Resample = (PillowFilter)resample,
            DoCenterCrop = isBeit && Bool(root, "do_center_crop", d.DoCenterCrop),
            CropHeight = ch,
            CropWidth = cw,
            DoRescale = Bool(root, "do_rescale", d.DoRescale),
            RescaleFactor = Num(root, "rescale_factor", d.RescaleFactor),
            DoNormalize = Bool(root, "do_normalize", d.DoNormalize),
            ImageMean = Triple(root, "image_mean", d.ImageMean),
            ImageStd = Triple(root, "image_std", d.ImageStd),
            CropPct = isConvNext ? ConvNextResize.CropPct(root) : null,
        };
        if (config.ImageStd.Any(s => s == 0))
            throw new InvalidDataException("preprocessor_config.json field 'image_std' contains 0.");
        return config;
    }

    private static string? Str(JsonObject root, string field) =>
        root[field] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static bool Bool(JsonObject root, string field, bool fallback) => root[field] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out bool b) => b,
        var node => throw new InvalidDataException($"preprocessor_config.json field '{field}' should be true or false, found {node.ToJsonString()}."),
    };

    private static int Int(JsonObject root, string field, int fallback) => root[field] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out int i) => i,
        var node => throw new InvalidDataException($"preprocessor_config.json field '{field}' should be an integer, found {node.ToJsonString()}."),
    };

    private static double Num(JsonObject root, string field, double fallback) => root[field] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out double x) => x,
        var node => throw new InvalidDataException($"preprocessor_config.json field '{field}' should be a number, found {node.ToJsonString()}."),
    };

    /// <summary>Three per-channel values, or one value for all channels.</summary>
    private static IReadOnlyList<double> Triple(JsonObject root, string field, IReadOnlyList<double> fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out double single)) return [single, single, single];
        if (node is JsonArray { Count: 3 } a && a.All(x => x is JsonValue xv && xv.TryGetValue(out double _)))
            return a.Select(x => x!.GetValue<double>()).ToArray();
        throw new InvalidDataException($"preprocessor_config.json field '{field}' should be 3 numbers (one per RGB channel), found {node.ToJsonString()}.");
    }

    /// <summary>
    /// Mirrors <c>get_size_dict(size, default_to_square=True)</c> as far as these processors accept it: an integer means a
    /// square, a dict needs <c>height</c> and <c>width</c> (ViT/BEiT processors reject <c>shortest_edge</c>).
    /// </summary>
    private static (int, int) Size(JsonObject root, string field, (int, int) fallback)
    {
        JsonNode? node = root[field];
        if (node is null) return fallback;
        if (node is JsonValue v && v.TryGetValue(out int square)) return (square, square);
        if (node is JsonObject o && o["height"] is JsonValue hv && o["width"] is JsonValue wv &&
            hv.TryGetValue(out int height) && wv.TryGetValue(out int width) && height > 0 && width > 0)
            return (height, width);
        throw new InvalidDataException(
            $"preprocessor_config.json field '{field}' is {node.ToJsonString()}; ViT/BEiT processors need an integer or {{\"height\": h, \"width\": w}}.");
    }
}
