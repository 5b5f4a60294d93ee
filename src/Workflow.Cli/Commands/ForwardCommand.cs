using System.CommandLine;
using System.Globalization;
using Workflow.Pipeline;
using Workflow.Torch.Models;
using Workflow.Torch.Runtime;
using Workflow.Torch.Weights;
using static TorchSharp.torch;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim forward</c> (design.md §4): images_uint8 (N×H×W×3) in, the model's own preprocessing and forward pass,
/// transformers' output names and layouts out, float32.
/// </summary>
internal static class ForwardCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (Hugging Face layout) or Hub repo id (owner/name).", Required = true };
        var revision = new Option<string?>("--revision") { Description = "Hub branch, tag, commit or refs/pr/N (default main). Ignored for folders." };
        var input = new Option<FileInfo>("--input") { Description = "safetensors file holding images_uint8, N x H x W x 3 uint8 RGB.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "safetensors file to write (pixel_values, hidden_states.0..L, last_hidden_state, pooler_output/logits).", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong([.. ComputeDevice.Choices]);
        var dtype = new Option<string>("--dtype") { Description = "Compute dtype: float32, bfloat16 or float16 (outputs are written as float32).", DefaultValueFactory = _ => "float32" };
        // A lower-case word like every other choice in --help (an enum option would show <Auto|Base|Classifier>).
        var head = new Option<string>("--head") { Description = "auto (what config.json's architectures names), base or classifier.", DefaultValueFactory = _ => "auto" };
        head.AcceptOnlyFromAmong("auto", "base", "classifier");
        var batch = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 32 };
        var numerics = NumericsOption.Create();
        var command = new Command("forward",
            "Run a vision checkpoint of any family idim knows (idim make-tiny-model --help lists them; docs/models.md) on images: its own image processor, then the model with every hidden state. " +
            "Output names and layouts are transformers' (hidden_states.0 is the embedding output).")
        {
            model, revision, input, output, device, dtype, head, batch, numerics,
        };
        command.SetAction(parse =>
        {
            NumericsOption.Apply(parse, numerics);
            return Run(parse.GetValue(model)!, parse.GetValue(revision), parse.GetValue(input)!, parse.GetValue(output)!,
                parse.GetValue(device)!, parse.GetValue(dtype)!, Enum.Parse<ModelHead>(parse.GetValue(head)!, ignoreCase: true), parse.GetValue(batch));
        });
        return command;
    }

    private static int Run(string modelSource, string? revision, FileInfo input, FileInfo output, string device, string dtypeName,
        ModelHead head, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentException("--batch-size must be at least 1.");
        ScalarType dtype = PretrainedVisionModel.ParseDType(dtypeName);
        var (images, n, height, width) = ReadImages(input.FullName);

        using var progress = new HubDownloadProgress(Console.Error);
        using var model = PretrainedVisionModel.Load(modelSource, revision, device, dtype,
            new VisionModelLoadOptions { Head = head, Progress = progress });
        Console.Error.WriteLine($"{model.Provenance.ClassName} from {model.Provenance.Folder}" +
                                (model.Provenance.Commit is null ? "" : $" (commit {model.Provenance.Commit})") +
                                $" on {model.Device.type.ToString().ToLowerInvariant()}, {dtypeName}");

        using var scope = NewDisposeScope();
        Tensor pixels = model.Preprocess(images, n, height, width);
        var batches = new List<List<(string Name, Tensor Value)>>();
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            VisionModelOutput result = model.Forward(pixels.narrow(0, start, count));
            batches.Add(result.Named().Select(x => (x.Name, x.Value.to(ScalarType.Float32).cpu())).ToList());
        }

        var tensors = new List<(string, Tensor)> { ("pixel_values", pixels) };
        if (batches.Count > 0)
            for (int i = 0; i < batches[0].Count; i++)
                tensors.Add((batches[0][i].Name, batches.Count == 1 ? batches[0][i].Value : cat(batches.Select(b => b[i].Value).ToArray(), 0)));

        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["idim.model"] = modelSource,
            ["idim.class"] = model.Provenance.ClassName,
            ["idim.revision"] = model.Provenance.Revision ?? "",
            ["idim.commit"] = model.Provenance.Commit ?? "",
            ["idim.dtype"] = dtypeName,
        };
        SafetensorsWriter.Write(output.FullName, tensors, metadata);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {output.FullName}: {n} images, {model.NumLayers + 1} hidden states, the last {n}x{model.Config.HiddenStateShape(model.NumLayers).Positions}x{model.Config.HiddenStateShape(model.NumLayers).Channels}"));
        return 0;
    }

    /// <summary>Reads <c>images_uint8</c> (N×H×W×3, U8) from a safetensors file.</summary>
    private static (byte[] Images, int N, int Height, int Width) ReadImages(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file {path} does not exist.", path);
        var (entries, _, _) = SafetensorsFile.ReadHeader(path);
        SafetensorsEntry entry = entries.FirstOrDefault(e => e.Name == "images_uint8")
            ?? throw new InvalidDataException(
                $"{path} has no tensor 'images_uint8' (found: {string.Join(", ", entries.Select(e => e.Name))}). " +
                "Write the images as an N x H x W x 3 uint8 tensor named images_uint8.");
        if (entry.DType != "U8" || entry.Shape.Length != 4 || entry.Shape[3] != 3)
            throw new InvalidDataException(
                $"{path}: images_uint8 must be U8 with shape [N, H, W, 3], found {entry.DType} [{string.Join(", ", entry.Shape)}].");
        Dictionary<string, Tensor> all = SafetensorsFile.Load(path);
        try
        {
            return (all["images_uint8"].bytes.ToArray(), (int)entry.Shape[0], (int)entry.Shape[1], (int)entry.Shape[2]);
        }
        finally
        {
            foreach (Tensor t in all.Values) t.Dispose();
        }
    }
}
