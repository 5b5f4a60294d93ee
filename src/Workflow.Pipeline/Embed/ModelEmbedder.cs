using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Workflow.Core.Cache;
using Workflow.Core.Data.Images;
using Workflow.Core.Experiments;
using Workflow.Core.IO;
using Workflow.Torch.Models;
using static TorchSharp.torch;

namespace Workflow.Pipeline;

/// <summary>
/// Embeds the experiment's images with one model: the model's own image processor, the forward pass in
/// batches, each kept hidden state pooled and streamed into one Parquet file per layer.
/// Memory: one batch of hidden states (batch × T × C × (L+1) values) plus one buffered row group per layer
/// (≤ <see cref="RowGroupBytes"/> each) — bounded whatever the number of images (on top of the model, the forward's
/// transient activations and the N × H × W × 3 input bytes; see <see cref="NativeAllocator"/> for why glibc needs help).
/// </summary>
internal static class ModelEmbedder
{
    /// <summary>Upper bound of the vector data buffered per layer before a row group is written.</summary>
    public const long RowGroupBytes = 16L << 20;

    /// <summary>
    /// Writes the model's embedding files and <c>model.json</c>; returns their paths. <paramref name="timing"/> receives the
    /// wall time by phase, also printed as one line at the end.
    /// </summary>
    public static IReadOnlyList<string> Embed(StageContext context, ModelConfig model, LocalModel local, EmbedTiming timing, StagedOutputs outputs)
    {
        timing.Start();
        NativeAllocator.ReturnLargeBlocksToSystem();
        var settings = context.Experiment.Embedding;
        PretrainedVisionModel vision;
        using (timing.Measure(EmbedPhase.Load))
            vision = PretrainedVisionModel.Load(local.Folder, null, context.Device, PretrainedVisionModel.ParseDType(settings.Dtype));
        using var disposeVision = vision;
        ImageArrays images;
        int[] labels, indices;
        using (timing.Measure(EmbedPhase.Read))
        {
            images = ImageArrays.Read(context.Cache.PathOf(StageNames.Images), context.Cache.PathOf(StageNames.ImageSizes));
            labels = NpyFile.ReadLabels(context.Cache.PathOf(StageNames.Labels));
            indices = NpyFile.ReadLabels(context.Cache.PathOf(StageNames.Indices));
        }
        int n = images.Count;
        timing.Images = n;

        int lastLayer = vision.NumLayers;
        IReadOnlyList<int> layers = settings.Layers ?? Enumerable.Range(0, lastLayer + 1).ToArray();
        if (layers.Max() > lastLayer)
            throw new ArgumentException($"embedding.layers asks for layer {layers.Max()}, but {model.Name} has layers 0..{lastLayer}.");

        // A fresh folder in the staging area: it replaces the old one whole at commit (files of other settings go).
        Directory.CreateDirectory(outputs.PathOf(StageNames.EmbeddingFolder(model.Name)));
        // Hierarchical families (Swin, ConvNeXt, ResNet) change width from stage to stage: one dimension per layer.
        long Dimension(int layer)
        {
            var (positions, channels) = vision.Config.HiddenStateShape(layer);
            return EmbeddingPooling.Dimension(settings.Pooling, positions, channels);
        }
        var paths = layers.Select(l => outputs.PathOf(StageNames.EmbeddingFile(model.Name, l))).ToArray();
        var temporary = paths.Select(AtomicFile.TemporaryPathFor).ToArray();
        var writers = layers.Select((layer, i) => EmbeddingParquetWriter.Create(temporary[i], (int)Dimension(layer),
            Metadata(context, model, local, vision, layer, lastLayer), EmbeddingParquetWriter.RowsPerGroup(Dimension(layer), RowGroupBytes))).ToArray();
        var nonFinite = new NonFiniteTally(layers);
        try
        {
            RunBatches(vision, model.Name, images, settings.BatchSize, timing, (start, count, output) =>
            {
                for (int i = 0; i < layers.Count; i++)
                {
                    float[] vectors;
                    using (timing.Measure(EmbedPhase.Pool))
                    using (Tensor pooled = EmbeddingPooling.Pool(output.HiddenStates[layers[i]], settings.Pooling, vision.Family))
                        vectors = pooled.data<float>().ToArray();
                    nonFinite.Count(i, vectors);
                    using (timing.Measure(EmbedPhase.Write))
                        writers[i].Append(indices.AsSpan(start, count), labels.AsSpan(start, count), vectors);
                }
            });
            using (timing.Measure(EmbedPhase.Write))
                foreach (var writer in writers) writer.Complete();
            nonFinite.Warn(model.Name, Console.Error);
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
        using (timing.Measure(EmbedPhase.Write))
            for (int i = 0; i < paths.Length; i++) AtomicFile.Commit(temporary[i], paths[i]);

        string info = outputs.PathOf(StageNames.ModelInfo(model.Name));
        AtomicFile.WriteAllText(info, JsonSerializer.Serialize(ModelInfoFile.From(model, local, vision, layers), ModelInfoFile.JsonOptions));
        timing.Stop();
        Console.WriteLine(timing.Line(model.Name));
        return [.. paths, info];
    }

    private static void RunBatches(PretrainedVisionModel vision, string name, ImageArrays images, int batchSize,
        EmbedTiming timing, Action<int, int, VisionModelOutput> consume)
    {
        int n = images.Count;
        bool onCuda = vision.Device.type == TorchSharp.DeviceType.CUDA;
        var clock = Stopwatch.StartNew();
        void Loop(Action<int>? report)
        {
            for (int start = 0; start < n; start += batchSize)
            {
                int count = Math.Min(batchSize, n - start);
                using var scope = NewDisposeScope();
                Tensor input;
                using (timing.Measure(EmbedPhase.Preprocess))
                    input = Preprocess(vision, images, start, count);
                VisionModelOutput output;
                using (timing.Measure(EmbedPhase.Forward))
                {
                    output = vision.Forward(input);
                    if (onCuda) cuda.synchronize(); // else kernels still queued would be timed as pooling
                }
                using (output)
                    consume(start, count, output);
                report?.Invoke(start + count);
            }
        }
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            Loop(null);
            return;
        }
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask(name, maxValue: n);
                Loop(done =>
                {
                    task.Value = done;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"{name} {done / clock.Elapsed.TotalSeconds:0.0} images/s");
                });
            });
    }

    /// <summary>One batch through the model's processor: as one N×H×W×3 block when the images share a size, else image by image.</summary>
    private static Tensor Preprocess(PretrainedVisionModel vision, ImageArrays images, int start, int count)
    {
        if (images.Uniform)
        {
            int imageBytes = images.Heights[0] * images.Widths[0] * 3;
            return vision.Preprocess(images.Pixels[(start * imageBytes)..((start + count) * imageBytes)], count, images.Heights[0], images.Widths[0]);
        }
        return vision.Preprocess(Enumerable.Range(start, count).Select(i => (images.Image(i).ToArray(), images.Heights[i], images.Widths[i])).ToArray());
    }

    private static Dictionary<string, string> Metadata(StageContext context, ModelConfig model, LocalModel local, PretrainedVisionModel vision,
        int layer, int lastLayer)
    {
        var p = vision.Provenance;
        var d = context.Experiment.Dataset;
        return new Dictionary<string, string>
        {
            ["idim.model"] = model.Name,
            ["idim.model_source"] = local.RepoId ?? model.Source,
            ["idim.revision"] = local.Revision ?? "",
            ["idim.commit"] = local.Commit ?? "",
            ["idim.weights_sha256"] = string.Join(",", p.WeightFiles.Select(w => $"{w.FileName}={w.Sha256}")),
            ["idim.layer"] = layer.ToString(CultureInfo.InvariantCulture),
            ["idim.layers"] = (lastLayer + 1).ToString(CultureInfo.InvariantCulture),
            ["idim.pooling"] = context.Experiment.Embedding.Pooling,
            ["idim.dtype"] = context.Experiment.Embedding.Dtype,
            ["idim.dataset"] = d.Name,
            ["idim.split"] = d.Split,
            ["idim.tool_version"] = StageContext.ToolVersion,
        };
    }
}
