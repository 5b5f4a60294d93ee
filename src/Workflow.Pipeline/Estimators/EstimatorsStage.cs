using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Estimators;
using Workflow.Core.Experiments;
using Workflow.Core.IO;
using Workflow.Core.Statistics;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;

namespace Workflow.Pipeline;

/// <summary>
/// Estimators stage (issue 14, items 1, 3, 4): beside TwoNN, every model × layer × class (and all classes pooled) gets
/// GRIDE's scale analysis (to rank <c>range_max</c>), the Levina–Bickel MLE (k = 20) and the PCA dimensions (Ansuini's
/// 90 % and the participation ratio) → <c>estimators.csv</c>. On the raw pixels of a calibration dataset (known d_k
/// per class) it also checks how the estimators track d_k: Spearman ρ and Pearson r with the label-shuffle permutation
/// p and an interval over Ansuini subsets that re-estimate every class → <c>estimators_calibration.json</c>. One unit;
/// none when the experiment's <c>estimators.methods</c> is empty.
/// </summary>
internal sealed class EstimatorsStage : Stage
{
    public const string StageName = "Estimators";
    public const string Version = "estimators/1";
    public const string Csv = "estimators.csv";
    public const string CalibrationJson = "estimators_calibration.json";

    /// <summary>The scale reported beside the other estimators ("GRIDE at a middle scale").</summary>
    public const int MiddleN1 = 4, MiddleN2 = 8;

    public static StageKey UnitKey { get; } = new(StageName);

    public override string Name => StageName;

    /// <summary>Its command is <c>idim estimate --experiment X</c> (the same command estimates a single point cloud).</summary>
    public override string Command => "estimate";

    public override string Description => "GRIDE scale analysis, Levina-Bickel MLE and PCA-ID per model x layer x class -> estimators.csv.";

    public override IReadOnlyList<string> DependsOn => [StageNames.Embed];

    public override bool UsesTorch => true;

    public override IReadOnlyList<string?> Units(StageContext context) => context.Experiment.Estimators.Methods.Count == 0 ? [] : [null];

    public override StageUnit Plan(StageContext context, string? unit)
    {
        var key = Key(unit);
        var inputs = new Dictionary<string, string>();
        var data = StageRunner.OutputsOf(context, DataStage.UnitKey);
        if (data is null) return StageUnit.Waiting(key, StageNames.Data, "the Data stage");
        foreach (var (file, hash) in data) inputs[file] = hash;
        foreach (var model in context.Experiment.Models)
        {
            var outputs = StageRunner.OutputsOf(context, EmbedStage.KeyOf(model));
            if (outputs is null) return StageUnit.Waiting(key, StageNames.Embed, $"Embed[{model.Name}]");
            foreach (var (file, hash) in outputs) inputs[file] = hash;
        }
        var parameters = new JsonObject
        {
            ["estimators"] = CanonicalJson.ToNode(context.Experiment.Estimators),
            ["pixels"] = context.Experiment.TwoNn.Pixels,
            ["models"] = new JsonArray(context.Experiment.Models.Select(m => (JsonNode?)JsonValue.Create(m.Name)).ToArray()),
        };
        return new StageUnit(key, new StageInputs(Version, parameters, inputs));
    }

    public override IReadOnlyList<string> Outputs(StageContext context, string? unit) => [Csv, CalibrationJson];

    public override UnitWork Prepare(StageContext context, string? unit)
    {
        DevicePrecondition.Check(context.Device);
        return new UnitWork(Plan(context, unit), outputs => Produce(context, context.Experiment.Estimators, outputs));
    }

    private static IReadOnlyList<string> Produce(StageContext context, EstimatorsConfig settings, StagedOutputs staged)
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
            Console.WriteLine($"{StageName}[{model.Name}]: {info.Layers.Count} layers");
        }
        string csvPath = staged.PathOf(Csv);
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        outputs.Add(csvPath);
        if (pixels is not null && classes.LatentDims is { Count: > 2 } dims)
        {
            string json = staged.PathOf(CalibrationJson);
            AtomicFile.WriteAllText(json, Calibration(pixels, labels, classes, dims, search, settings).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            outputs.Add(json);
        }
        return outputs;
    }

    private static void Table(StringBuilder csv, PointMatrix points, int[] labels, ClassesFile classes, string model, int layer, double depth,
        IKNeighbourSearch search, EstimatorsConfig settings)
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
            if (settings.Runs("gride")) Try(() =>
            {
                foreach (GrideScale s in data.GrideScaling(settings.RangeMax)) Line("gride", s.N1, s.N2, s.Id, s.Sigma, s.Scale, data.Points.Rows, s.Problem);
            }, e => Line("gride", null, null, null, null, null, data.Points.Rows, e));
            if (settings.Runs("lb-mle")) Try(() => Line("lb-mle", null, null, data.LevinaBickel(settings.MleK).Id, null, null, data.Points.Rows, null),
                e => Line("lb-mle", null, null, null, null, null, data.Points.Rows, e));
            if (settings.Runs("pca")) Try(() => Line("pca-variance", null, null, data.Pca(PcaIdKind.ExplainedVariance), null, null, data.Points.Rows, null),
                e => Line("pca-variance", null, null, null, null, null, data.Points.Rows, e));
            if (settings.Runs("pca")) Try(() => Line("pca-pr", null, null, data.Pca(PcaIdKind.ParticipationRatio), null, null, data.Points.Rows, null),
                e => Line("pca-pr", null, null, null, null, null, data.Points.Rows, e));
        }
    }

    /// <summary>Per-class estimates of the pixels against the known d_k, with permutation p and resampling intervals.</summary>
    private static JsonObject Calibration(PointMatrix pixels, int[] labels, ClassesFile classes, Dictionary<string, int> dims,
        IKNeighbourSearch search, EstimatorsConfig settings)
    {
        var known = Enumerable.Range(0, classes.Names.Length).Where(c => dims.ContainsKey(classes.Names[c])).ToArray();
        var d = known.Select(c => (double)dims[classes.Names[c]]).ToArray();
        var result = new JsonObject { ["classes"] = new JsonArray(known.Select(c => (JsonNode?)classes.Names[c]).ToArray()), ["d_k"] = new JsonArray(d.Select(v => (JsonNode?)v).ToArray()) };
        var estimators = new List<IIdEstimator>();
        if (settings.Runs("gride")) estimators.Add(new GrideIdEstimator(MiddleN1, MiddleN2));
        if (settings.Runs("lb-mle")) estimators.Add(new LevinaBickelIdEstimator(settings.MleK));
        if (settings.Runs("pca")) estimators.Add(new PcaIdEstimator(PcaIdKind.ExplainedVariance));
        var list = new JsonArray();
        foreach (IIdEstimator estimator in estimators)
        {
            var ids = new double[known.Length];
            var resampled = Enumerable.Range(0, settings.Resamples).Select(_ => new double[known.Length]).ToArray();
            for (int i = 0; i < known.Length; i++)
            {
                PointMatrix cls = pixels.SelectRows(Enumerable.Range(0, labels.Length).Where(r => labels[r] == known[i]).ToArray());
                ids[i] = estimator.Estimate(new IdEstimation(cls, search));
                ResampledEstimate r = AnsuiniResampling.Run(cls, estimator, search, settings.Resamples, settings.Fraction, (ulong)settings.Seed + (ulong)known[i]);
                for (int s = 0; s < settings.Resamples; s++) resampled[s][i] = r.Estimates[s];
            }
            var rows = new JsonArray();
            foreach (CorrelationSignificanceResult c in CorrelationSignificance.Analyse(ids, d, resampled, settings.Permutations, 0.95, (ulong)settings.Seed))
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
