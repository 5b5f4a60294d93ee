using System.Security.Cryptography;
using TorchSharp;
using Workflow.Torch.Hub;
using Workflow.Torch.Preprocessing;
using Workflow.Torch.Runtime;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Torch.Models;

/// <summary>One weight file the model was loaded from.</summary>
public sealed record WeightFileInfo(string FileName, long Bytes, string Sha256);

/// <summary>Where a loaded model came from, for stage fingerprints and reports.</summary>
/// <param name="Source">What the caller passed: a folder or a repo id.</param>
/// <param name="RepoId">The Hub repo id, or null for a local folder.</param>
/// <param name="Revision">The revision asked for (Hub only; null means <c>main</c>).</param>
/// <param name="Commit">The commit the revision resolved to (Hub only).</param>
/// <param name="Folder">The folder the files were read from (a Hub cache snapshot for repo ids).</param>
/// <param name="ClassName">The transformers class that was built, e.g. <c>BeitForImageClassification</c>.</param>
/// <param name="WeightFiles">Every weight file with its size and SHA-256.</param>
/// <param name="IgnoredKeys">Checkpoint tensors deliberately not loaded (documented known-unused ones).</param>
public sealed record ModelProvenance(
    string Source,
    string? RepoId,
    string? Revision,
    string? Commit,
    string Folder,
    string ClassName,
    IReadOnlyList<WeightFileInfo> WeightFiles,
    IReadOnlyList<string> IgnoredKeys)
{
    /// <summary>Checkpoint tensors the model had no place for (loaded with a warning, as transformers does).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; init; } = [];
}

/// <summary>Options of <see cref="PretrainedVisionModel.Load"/> beyond the common ones.</summary>
public sealed record VisionModelLoadOptions
{
    /// <summary>Which head to build (default: what <c>architectures</c> names).</summary>
    public ModelHead Head { get; init; } = ModelHead.Auto;
    /// <summary>Hub settings; null means <see cref="HubOptions.FromEnvironment"/>.</summary>
    public HubOptions? Hub { get; init; }
    /// <summary>Download progress for repo ids.</summary>
    public IProgress<HubProgress>? Progress { get; init; }
}

/// <summary>
/// The entry point for the rest of the product: a checkpoint of any registered family (<see cref="ModelFamilies"/>) from a folder in the Hugging
/// Face layout or from the Hub, with its own image processor, running in inference mode on one device and dtype.
/// </summary>
public sealed class PretrainedVisionModel : IDisposable
{
    private readonly nn.Module<Tensor, VisionModelOutput> module;

    private PretrainedVisionModel(nn.Module<Tensor, VisionModelOutput> module, PretrainedConfig config, ImageProcessor processor,
        ModelProvenance provenance, Device device, ScalarType dtype)
    {
        this.module = module;
        Config = config;
        Family = ModelFamilies.Of(config);
        Processor = processor;
        Provenance = provenance;
        Device = device;
        DType = dtype;
    }

    /// <summary>The parsed <c>config.json</c> (model_type, image size, and the family's own architecture fields).</summary>
    public PretrainedConfig Config { get; }

    /// <summary>The family row of <see cref="Config"/>'s model_type (special tokens, hierarchy, processor default).</summary>
    public ModelFamily Family { get; }

    /// <summary>The model's own image processor from <c>preprocessor_config.json</c> (class defaults when absent).</summary>
    public ImageProcessor Processor { get; }

    /// <summary>Where the weights came from.</summary>
    public ModelProvenance Provenance { get; }

    /// <summary>The device the model runs on.</summary>
    public Device Device { get; }

    /// <summary>The dtype of parameters and outputs.</summary>
    public ScalarType DType { get; }

    /// <summary>Number of blocks (or stages) L: the forward returns L+1 hidden states.</summary>
    public int NumLayers => Config.NumHiddenStates - 1;

    /// <summary>The dtypes <c>--dtype</c> accepts.</summary>
    public static readonly IReadOnlyList<string> DTypeChoices = ["float32", "bfloat16", "float16"];

    /// <summary>Parses a <c>--dtype</c> value.</summary>
    public static ScalarType ParseDType(string? name) => (name ?? "float32").Trim().ToLowerInvariant() switch
    {
        "float32" or "fp32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" or "half" => ScalarType.Float16,
        _ => throw new ArgumentException($"Unknown dtype '{name}'. Expected one of: {string.Join(", ", DTypeChoices)}.", nameof(name)),
    };

    /// <summary>
    /// Loads a model. <paramref name="dirOrRepoId"/> is an existing folder (config.json, preprocessor_config.json,
    /// weights) or a Hub repo id such as <c>google/vit-base-patch16-224</c>, fetched through the Hub cache.
    /// </summary>
    /// <param name="dirOrRepoId">Folder or repo id.</param>
    /// <param name="revision">Hub branch, tag, commit or <c>refs/pr/N</c>; null means <c>main</c>. Ignored for folders.</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>auto</c> (see <see cref="ComputeDevice"/>).</param>
    /// <param name="dtype">Float32, BFloat16 or Float16.</param>
    /// <param name="options">Head choice, Hub settings, progress.</param>
    /// <param name="cancellationToken">Cancels downloads.</param>
    public static PretrainedVisionModel Load(string dirOrRepoId, string? revision, string device, ScalarType dtype,
        VisionModelLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dirOrRepoId);
        options ??= new VisionModelLoadOptions();
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"dtype {dtype} is not supported; use float32, bfloat16 or float16.", nameof(dtype));
        Device target = ComputeDevice.Resolve(device);

        if (Directory.Exists(dirOrRepoId))
            return FromFolder(dirOrRepoId, new ModelOrigin(dirOrRepoId, null, null, null), target, dtype, options.Head);

        if (!HubRepoId.IsValid(dirOrRepoId))
            throw new DirectoryNotFoundException(
                $"'{dirOrRepoId}' is neither an existing folder nor a Hugging Face repo id (owner/name).");
        var hub = new HubClient(options.Hub ?? HubOptions.FromEnvironment());
        HubSnapshot snapshot = hub.DownloadModelAsync(dirOrRepoId, revision, options.Progress, cancellationToken)
            .GetAwaiter().GetResult();
        return FromFolder(snapshot.Folder, new ModelOrigin(dirOrRepoId, dirOrRepoId, revision ?? "main", snapshot.Commit), target, dtype, options.Head);
    }

    private sealed record ModelOrigin(string Source, string? RepoId, string? Revision, string? Commit);

    private static PretrainedVisionModel FromFolder(string folder, ModelOrigin origin, Device device, ScalarType dtype, ModelHead head)
    {
        TorchRuntime.EnsureLoaded();
        string configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath))
            throw new FileNotFoundException($"No config.json in {folder}: this is not a Hugging Face model folder.", configPath);
        PretrainedConfig config = ModelFamilies.LoadConfig(configPath);
        ModelFamily family = ModelFamilies.Of(config);

        string processorPath = Path.Combine(folder, "preprocessor_config.json");
        ImageProcessorConfig processorConfig = File.Exists(processorPath)
            ? ImageProcessorConfig.Load(processorPath, family.DefaultProcessorClass)
            : ImageProcessorConfig.DefaultsFor(config, family.DefaultProcessorClass);

        IReadOnlyList<string> files = CheckpointFiles.Resolve(folder);
        Dictionary<string, Tensor> checkpoint = StateDictReader.Read(files);
        try
        {
            BuiltModel built = family.Build(config, checkpoint.Keys, head);
            WeightLoadReport report;
            try
            {
                report = StateDictLoader.Load(built.Module, checkpoint, built.Mapping, built.ClassName);
            }
            catch
            {
                built.Module.Dispose();
                throw;
            }
            built.Module.eval();
            built.Module.to(device, dtype);
            foreach (var p in built.Module.parameters()) p.requires_grad = false;
            InferenceFusion.Apply(built.Module);

            var provenance = new ModelProvenance(origin.Source, origin.RepoId, origin.Revision, origin.Commit,
                Path.GetFullPath(folder), built.ClassName, files.Select(Describe).ToList(), report.IgnoredKeys)
            { UnexpectedKeys = report.UnexpectedKeys };
            if (report.Warning(origin.Source, built.ClassName) is { } warning) Console.Error.WriteLine("warning: " + warning);
            return new PretrainedVisionModel(built.Module, config, new ImageProcessor(processorConfig), provenance, device, dtype);
        }
        finally
        {
            foreach (Tensor t in checkpoint.Values) t.Dispose();
        }
    }

    private static WeightFileInfo Describe(string path)
    {
        using FileStream stream = File.OpenRead(path);
        byte[] hash = SHA256.HashData(stream);
        return new WeightFileInfo(Path.GetFileName(path), stream.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>
    /// Runs the model's image processor on N×H×W×3 uint8 RGB images (row-major) → N×3×H'×W' float32 CPU tensor.
    /// </summary>
    public Tensor Preprocess(byte[] imagesNhwc, int n, int height, int width) =>
        Processor.Preprocess(imagesNhwc, n, height, width);

    /// <summary>Runs the model's image processor on RGB images of different sizes, each resized from its own size.</summary>
    public Tensor Preprocess(IReadOnlyList<(byte[] Pixels, int Height, int Width)> images) => Processor.Preprocess(images);

    /// <summary>
    /// The forward pass in inference mode (no autograd). <paramref name="pixelValues"/> (N×3×H×W, any dtype/device) is
    /// moved to the model's device and dtype; the outputs are on that device in that dtype and belong to the caller
    /// (dispose them, or create them inside a dispose scope).
    /// </summary>
    public VisionModelOutput Forward(Tensor pixelValues)
    {
        ArgumentNullException.ThrowIfNull(pixelValues);
        using IDisposable inference = inference_mode();
        using var scope = NewDisposeScope();
        Tensor input = pixelValues.to(DType, Device);
        return module.forward(input).MoveToOuterDisposeScope();
    }

    public void Dispose() => module.Dispose();
}
