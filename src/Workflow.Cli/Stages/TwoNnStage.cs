using Workflow.Core.Cache;
using Workflow.Core.Correlate;
using Workflow.Core.Experiments;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;

namespace Workflow.Cli.Stages;

/// <summary>
/// TwoNN stage: the ID of every model × layer × class (and of all classes pooled) from the embeddings,
/// plus, with <c>twonn.pixels</c>, of the raw pixels (pseudo-model <c>pixels</c>, layer 0) → <c>twonn.csv</c> and <c>twonn.parquet</c>.
/// </summary>
internal static class TwoNnStage
{
    /// <summary>The pseudo-model name of the raw-pixel estimates.</summary>
    public const string PixelsModel = "pixels";

    public static int Run(StageContext context)
    {
        var unit = PipelineUnits.TwoNn(context);
        if (unit.Inputs is null) throw new InvalidOperationException($"TwoNN cannot run yet: it {unit.UnknownBecause}. Run the Embed stage first.");
        StageRunner.Run(context, unit.Key, unit.Inputs, () => Produce(context));
        return 0;
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

    private static IReadOnlyList<string> Produce(StageContext context)
    {
        TwoNnOptions options = Options(context.Experiment.TwoNn);
        var classes = ClassesFile.Read(context.Cache.PathOf(StageNames.Classes));
        int[] labels = NpyFile.ReadLabels(context.Cache.PathOf(StageNames.Labels));
        var search = TorchNeighbourSearch.Create(context.Device);
        var rows = new List<TwoNnRow>();
        var notes = new Dictionary<int, string>();

        if (context.Experiment.TwoNn.Pixels)
        {
            var (pixels, shape) = NpyFile.ReadUInt8(context.Cache.PathOf(StageNames.Images));
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
        string csv = context.Cache.PathOf(StageNames.TwoNnCsv);
        AtomicFile.Write(csv, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            TwoNnCsv.Write(writer, rows, notes);
        });
        string parquet = context.Cache.PathOf(StageNames.TwoNnParquet);
        AtomicFile.Write(parquet, stream => TwoNnParquet.Write(stream, rows, notes));
        return [csv, parquet];

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
                    rows.Add(new TwoNnRow(model, layer, depth, cls, ClassName(cls), TwoNnOptions.Name(options.Estimator),
                        double.NaN, points.Rows, 0, 0, double.NaN, double.NaN, double.NaN));
                }
                return;
            }
            rows.Add(Row(model, layer, depth, TwoNnRow.PooledClass, TwoNnRow.PooledClass, result.All));
            foreach (ClassTwoNnResult c in result.Classes)
            {
                string name = ClassName(Label(c.Label));
                if (c.Result is null) notes[rows.Count] = c.Error ?? "no estimate";
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
