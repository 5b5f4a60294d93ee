using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Correlate;
using Workflow.Core.Experiments;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;

namespace Workflow.Pipeline;

/// <summary>
/// TwoNN stage: the ID of every model × layer × class (and of all classes pooled) from the embeddings,
/// plus, with <c>twonn.pixels</c>, of the raw pixels (pseudo-model <c>pixels</c>, layer 0) → <c>twonn.csv</c> and <c>twonn.parquet</c>.
/// </summary>
internal sealed class TwoNnStage : Stage
{
    // Bump when this stage's code changes the meaning of its outputs.
    public const string Version = "twonn/4"; // 4: twonn_bootstrap.npy (every resample's estimate); 3: SplitMix64, not System.Random

    /// <summary>The pseudo-model name of the raw-pixel estimates.</summary>
    public const string PixelsModel = "pixels";

    public override string Name => StageNames.TwoNn;

    /// <summary>The key of its single unit (read by downstream stages).</summary>
    public static StageKey UnitKey { get; } = new(StageNames.TwoNn);

    public override string Description => "TwoNN intrinsic dimension per model x layer x class -> twonn.csv.";

    public override IReadOnlyList<string> DependsOn => [StageNames.Embed];

    public override bool UsesTorch => true;

    public override StageUnit Plan(StageContext context, string? unit)
    {
        var key = Key(unit);
        var inputs = new Dictionary<string, string>();
        var data = StageRunner.OutputsOf(context, DataStage.UnitKey);
        if (data is null) return StageUnit.Waiting(key, StageNames.Data, "the Data stage");
        foreach (var (name, hash) in data) inputs[name] = hash;
        foreach (var model in context.Experiment.Models)
        {
            var outputs = StageRunner.OutputsOf(context, EmbedStage.KeyOf(model));
            if (outputs is null) return StageUnit.Waiting(key, StageNames.Embed, $"Embed[{model.Name}]");
            foreach (var (name, hash) in outputs) inputs[name] = hash;
        }
        var parameters = new JsonObject
        {
            ["twonn"] = CanonicalJson.ToNode(context.Experiment.TwoNn),
            ["models"] = new JsonArray(context.Experiment.Models.Select(m => (JsonNode?)JsonValue.Create(m.Name)).ToArray()),
        };
        return new StageUnit(key, new StageInputs(Version, parameters, inputs));
    }

    public override IReadOnlyList<string> Outputs(StageContext context, string? unit) => [StageNames.TwoNnCsv, StageNames.TwoNnParquet, StageNames.TwoNnBootstrap];

    public override UnitWork Prepare(StageContext context, string? unit)
    {
        DevicePrecondition.Check(context.Device);
        return new UnitWork(Plan(context, unit), outputs => Produce(context, outputs));
    }

    /// <summary>The estimator settings of an experiment.</summary>
    public static TwoNnOptions Options(TwoNnConfig config)
    {
        var options = new TwoNnOptions
        {
            Estimator = config.Estimator == "mle" ? TwoNnEstimatorKind.Mle : TwoNnEstimatorKind.Fit,
            DiscardFraction = config.DiscardFraction,
            Convention = config.Convention == "facco" ? TwoNnConvention.Facco : TwoNnConvention.Standard,
            MergeBelow = config.MergeBelow,
            BootstrapCount = config.Bootstrap,
            Seed = config.Seed,
        };
        options.Validate();
        return options;
    }

    private static IReadOnlyList<string> Produce(StageContext context, StagedOutputs staged)
    {
        TwoNnOptions options = Options(context.Experiment.TwoNn);
        var classes = ClassesFile.Read(context.Cache.PathOf(StageNames.Classes));
        int[] labels = NpyFile.ReadLabels(context.Cache.PathOf(StageNames.Labels));
        var search = TorchNeighbourSearch.Create(context.Device);
        var rows = new List<TwoNnRow>();
        var notes = new Dictionary<int, string>();
        var resamples = new List<IReadOnlyList<double>>(); // aligned with rows; empty where there is no estimate

        if (context.Experiment.TwoNn.Pixels)
        {
            var (pixels, shape) = NpyFile.ReadUInt8(context.Cache.PathOf(StageNames.Images));
            if (shape.Count != 4)
                throw new InvalidDataException("twonn.pixels needs images of one size (pixel vectors of one length), but this dataset's images differ in size. " +
                                               "What to do: set twonn.pixels: false for this experiment.");
            int n = (int)shape[0], dimension = pixels.Length / n;
            var values = new float[pixels.Length];
            for (int i = 0; i < pixels.Length; i++) values[i] = pixels[i];
            Estimate(new PointMatrix(values, n, dimension), labels, PixelsModel, 0, 0, 0.0);
        }
        foreach (var model in context.Experiment.Models)
        {
            var info = ModelInfoFile.Read(context.Cache.PathOf(StageNames.ModelInfo(model.Name)));
            foreach (int layer in info.Layers)
            {
                EmbeddingTable table = EmbeddingParquet.Read(context.Cache.PathOf(StageNames.EmbeddingFile(model.Name, layer)));
                Estimate(table.Vectors, table.Labels ?? labels, model.Name, layer, info.NumLayers, (double)layer / info.NumLayers);
            }
            Console.WriteLine($"TwoNN[{model.Name}]: {info.Layers.Count} layers × {classes.Names.Length + 1} sets");
        }

        SmallSampleNotes.AddTo(rows, notes);
        string csv = staged.PathOf(StageNames.TwoNnCsv);
        AtomicFile.Write(csv, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            TwoNnCsv.Write(writer, rows, notes);
        });
        string parquet = staged.PathOf(StageNames.TwoNnParquet);
        AtomicFile.Write(parquet, stream => TwoNnParquet.Write(stream, rows, notes));
        string bootstrap = staged.PathOf(StageNames.TwoNnBootstrap);
        AtomicFile.Write(bootstrap, stream => TwoNnBootstrapFile.Write(stream, resamples, options.BootstrapCount));
        return [csv, parquet, bootstrap];

        string ClassName(string cls) =>
            int.TryParse(cls, out int label) && label >= 0 && label < classes.Names.Length ? classes.Names[label] : cls;

        void Estimate(PointMatrix points, int[] pointLabels, string model, int layer, int lastLayer, double depth)
        {
            PerClassTwoNnResult result;
            try
            {
                // The torch search is multi-threaded itself: one (class, layer) job at a time.
                result = PerClassTwoNn.Run(points, pointLabels, search, options, maxDegreeOfParallelism: 1);
            }
            catch (TwoNnDataException e)
            {
                // E.g. the CLS token at layer 0 is the same vector for every image (nothing has attended to the
                // patches yet), so no ID exists there: record why instead of a number.
                Console.WriteLine($"TwoNN[{model}] layer {layer}: no estimate: {e.Message}");
                foreach (string cls in pointLabels.Distinct().Order().Select(Label).Prepend(TwoNnRow.PooledClass))
                {
                    notes[rows.Count] = e.Message;
                    resamples.Add([]);
                    rows.Add(new TwoNnRow(model, layer, depth, cls, ClassName(cls), TwoNnOptions.Name(options.Estimator),
                        double.NaN, points.Rows, 0, 0, double.NaN, double.NaN, double.NaN));
                }
                return;
            }
            resamples.Add(result.All.BootstrapEstimates);
            rows.Add(Row(model, layer, depth, TwoNnRow.PooledClass, TwoNnRow.PooledClass, result.All));
            foreach (ClassTwoNnResult c in result.Classes)
            {
                string name = ClassName(Label(c.Label));
                if (c.Result is null) notes[rows.Count] = c.Error ?? "no estimate";
                resamples.Add(c.Result?.BootstrapEstimates ?? []);
                rows.Add(c.Result is null
                    ? new TwoNnRow(model, layer, depth, Label(c.Label), name, TwoNnOptions.Name(options.Estimator), double.NaN, 0, 0, 0, double.NaN, double.NaN, double.NaN)
                    : Row(model, layer, depth, Label(c.Label), name, c.Result));
            }
        }
    }

    private static string Label(int label) => label.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TwoNnRow Row(string model, int layer, double depth, string cls, string className, TwoNnResult r) =>
        new(model, layer, depth, cls, className, r.Estimator, r.Id, r.N, r.NUsed, r.Duplicates,
            r.CiLow ?? double.NaN, r.CiHigh ?? double.NaN, r.R2 ?? double.NaN);
}
