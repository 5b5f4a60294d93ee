using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Estimators;
using Workflow.Core.IO;
using Workflow.Core.Statistics;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;

namespace Workflow.Cli.Stages;

/// <summary>
/// Estimators stage (issue 14, items 1, 3, 4): beside TwoNN, every model × layer × class (and all classes pooled) gets
/// GRIDE's scale analysis (to rank 64), the Levina–Bickel MLE (k = 20) and the PCA dimensions (Ansuini's 90 % and the
/// participation ratio) → <c>estimators.csv</c>. On the raw pixels of a calibration dataset (known d_k per class) it
/// also checks how the estimators track d_k: Spearman ρ and Pearson r with the label-shuffle permutation p and an
/// interval over Ansuini subsets that re-estimate every class → <c>estimators_calibration.json</c>. Written against
/// today's stage layout (one unit, after Embed); the lead re-homes it onto the declared graph.
/// </summary>
internal static class EstimatorsStage
{
    public const string Name = "Estimators";
    public const string Version = "estimators/1";
    public const string Csv = "estimators.csv";
    public const string CalibrationJson = "estimators_calibration.json";

    /// <summary>Settings (defaults until the experiment file gets an <c>estimators</c> section).</summary>
    public sealed record Settings(int RangeMax = Gride.DefaultRangeMax, int MleK = LevinaBickel.DefaultK, int Resamples = 10,
        double Fraction = AnsuiniResampling.DefaultFraction, int Permutations = 10000, ulong Seed = 42);

    /// <summary>The scale reported beside the other estimators ("GRIDE at a middle scale").</summary>
    public const int MiddleN1 = 4, MiddleN2 = 8;

    public static StageKey Key { get; } = new(Name);

    public static int Run(StageContext context)
    {
        var settings = new Settings();
        var inputs = new Dictionary<string, string>();
        var data = StageRunner.OutputsOf(context, PipelineUnits.DataKey);
        if (data is null) throw new InvalidOperationException($"{Name} cannot run yet: the Data stage has no record. Run the Data stage first.");
        foreach (var (file, hash) in data) inputs[file] = hash;
        foreach (var model in context.Experiment.Models)
        {
            var outputs = StageRunner.OutputsOf(context, PipelineUnits.EmbedKey(model));
            if (outputs is null) throw new InvalidOperationException($"{Name} cannot run yet: Embed[{model.Name}] has no record. Run the Embed stage first.");
            foreach (var (file, hash) in outputs) inputs[file] = hash;
        }
        var parameters = new JsonObject
        {
            ["range_max"] = settings.RangeMax, ["mle_k"] = settings.MleK, ["resamples"] = settings.Resamples, ["fraction"] = settings.Fraction,
            ["permutations"] = settings.Permutations, ["seed"] = settings.Seed, ["pixels"] = context.Experiment.TwoNn.Pixels,
            ["models"] = new JsonArray(context.Experiment.Models.Select(m => (JsonNode?)JsonValue.Create(m.Name)).ToArray()),
        };
        StageRunner.Run(context, Key, new StageInputs(Version, parameters, inputs), () => Produce(context, settings));
        return 0;
    }

    private static IReadOnlyList<string> Produce(StageContext context, Settings settings)
    {
        var classes = ClassesFile.Read(context.Cache.PathOf(StageNames.Classes));
        int[] labels = NpyFile.ReadLabels(context.Cache.PathOf(StageNames.Labels));
        var search = TorchNeighbourSearch.Create(context.Device);
        var csv = new StringBuilder("model,layer,depth,class,class_name,estimator,n1,n2,id,sigma,scale,n,note\n");
        var outputs = new List<string>();
        PointMatrix? pixels = null;
        if (context.Experiment.TwoNn.Pixels)
        {
            var (bytes, shape) = NpyFile.ReadUInt8(context.Cache.PathOf(StageNames.Images));
            int n = (int)shape[0];
            pixels = new PointMatrix(Array.ConvertAll(bytes, b => (float)b), n, bytes.Length / n);
            Table(csv, pixels, labels, classes, "pixels", 0, 0.0, search, settings);
        }
        foreach (var model in context.Experiment.Models)
        {
            var info = ModelInfoFile.Read(context.Cache.PathOf(StageNames.ModelInfo(model.Name)));
            foreach (int layer in info.Layers)
            {
                EmbeddingTable table = EmbeddingParquet.Read(context.Cache.PathOf(StageNames.EmbeddingFile(model.Name, layer)));
                Table(csv, table.Vectors, table.Labels ?? labels, classes, model.Name, layer, (double)layer / info.NumLayers, search, settings);
            }
            Console.WriteLine($"{Name}[{model.Name}]: {info.Layers.Count} layers");
        }
        string csvPath = context.Cache.PathOf(Csv);
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        outputs.Add(csvPath);
        if (pixels is not null && classes.LatentDims is { Count: > 2 } dims)
        {
            string json = context.Cache.PathOf(CalibrationJson);
            AtomicFile.WriteAllText(json, Calibration(pixels, labels, classes, dims, search, settings).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            outputs.Add(json);
        }
        return outputs;
    }

    private static void Table(StringBuilder csv, PointMatrix points, int[] labels, ClassesFile classes, string model, int layer, double depth,
        IKNeighbourSearch search, Settings settings)
    {
        var sets = new List<(string Class, string Name, int[] Rows)> { ("all", "all", Enumerable.Range(0, points.Rows).ToArray()) };
        foreach (int label in labels.Distinct().Order())
            sets.Add((label.ToString(CultureInfo.InvariantCulture), label >= 0 && label < classes.Names.Length ? classes.Names[label] : "?",
                Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToArray()));
        foreach (var (cls, name, rows) in sets)
        {
            string prefix = FormattableString.Invariant($"{model},{layer},{depth:R},{cls},{name},");
            void Line(string estimator, int? n1, int? n2, double? id, double? sigma, double? scale, int n, string? note) =>
                csv.Append(prefix).Append(FormattableString.Invariant(
                    $"{estimator},{n1},{n2},{Number(id)},{Number(sigma)},{Number(scale)},{n},\"{note?.Replace("\"", "'", StringComparison.Ordinal)}\"\n"));
            IdEstimation data;
            try
            {
                data = new IdEstimation(points.SelectRows(rows), search);
            }
            catch (TwoNnDataException e)
            {
                Line("gride", null, null, null, null, null, rows.Length, e.Message);
                continue;
            }
            Try(() =>
            {
                foreach (GrideScale s in data.GrideScaling(settings.RangeMax)) Line("gride", s.N1, s.N2, s.Id, s.Sigma, s.Scale, data.Points.Rows, s.Problem);
            }, e => Line("gride", null, null, null, null, null, data.Points.Rows, e));
            Try(() => Line("lb-mle", null, null, data.LevinaBickel(settings.MleK).Id, null, null, data.Points.Rows, null),
                e => Line("lb-mle", null, null, null, null, null, data.Points.Rows, e));
            Try(() => Line("pca-variance", null, null, data.Pca(PcaIdKind.ExplainedVariance), null, null, data.Points.Rows, null),
                e => Line("pca-variance", null, null, null, null, null, data.Points.Rows, e));
            Try(() => Line("pca-pr", null, null, data.Pca(PcaIdKind.ParticipationRatio), null, null, data.Points.Rows, null),
                e => Line("pca-pr", null, null, null, null, null, data.Points.Rows, e));
        }
    }

    /// <summary>Per-class estimates of the pixels against the known d_k, with permutation p and resampling intervals.</summary>
    private static JsonObject Calibration(PointMatrix pixels, int[] labels, ClassesFile classes, Dictionary<string, int> dims,
        IKNeighbourSearch search, Settings settings)
    {
        var known = Enumerable.Range(0, classes.Names.Length).Where(c => dims.ContainsKey(classes.Names[c])).ToArray();
        var d = known.Select(c => (double)dims[classes.Names[c]]).ToArray();
        var result = new JsonObject { ["classes"] = new JsonArray(known.Select(c => (JsonNode?)classes.Names[c]).ToArray()), ["d_k"] = new JsonArray(d.Select(v => (JsonNode?)v).ToArray()) };
        IIdEstimator[] estimators = [new GrideIdEstimator(MiddleN1, MiddleN2), new LevinaBickelIdEstimator(settings.MleK), new PcaIdEstimator(PcaIdKind.ExplainedVariance)];
        var list = new JsonArray();
        foreach (IIdEstimator estimator in estimators)
        {
            var ids = new double[known.Length];
            var resampled = Enumerable.Range(0, settings.Resamples).Select(_ => new double[known.Length]).ToArray();
            for (int i = 0; i < known.Length; i++)
            {
                PointMatrix cls = pixels.SelectRows(Enumerable.Range(0, labels.Length).Where(r => labels[r] == known[i]).ToArray());
                ids[i] = estimator.Estimate(new IdEstimation(cls, search));
                ResampledEstimate r = AnsuiniResampling.Run(cls, estimator, search, settings.Resamples, settings.Fraction, settings.Seed + (ulong)known[i]);
                for (int s = 0; s < settings.Resamples; s++) resampled[s][i] = r.Estimates[s];
            }
            var rows = new JsonArray();
            foreach (CorrelationSignificanceResult c in CorrelationSignificance.Analyse(ids, d, resampled, settings.Permutations, 0.95, settings.Seed))
                rows.Add(new JsonObject
                {
                    ["method"] = c.Method.ToString().ToLowerInvariant(), ["coefficient"] = c.Coefficient, ["permutation_p"] = c.PermutationP,
                    ["permutations"] = c.Permutations, ["exact"] = c.Exact, ["ci_low"] = c.Low, ["ci_high"] = c.High, ["resamples"] = c.Resamples,
                });
            list.Add(new JsonObject
            {
                ["estimator"] = estimator is GrideIdEstimator g ? FormattableString.Invariant($"gride({g.N1},{g.N2})") : estimator.Name,
                ["ids"] = new JsonArray(ids.Select(v => (JsonNode?)v).ToArray()),
                ["correlations"] = rows,
            });
        }
        result["estimators"] = list;
        result["interval"] = FormattableString.Invariant($"95% percentile over {settings.Resamples} resamples; each re-estimates every class on a random {settings.Fraction:P0} of its images (Ansuini's subsets)");
        return result;
    }

    private static void Try(Action body, Action<string> failed)
    {
        try { body(); }
        catch (TwoNnDataException e) { failed(e.Message); }
    }

    private static string Number(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
