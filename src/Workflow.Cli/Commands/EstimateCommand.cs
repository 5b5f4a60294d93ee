using Workflow.Pipeline;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Core.Estimators;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim estimate &lt;points.npy|file.parquet&gt; --estimator twonn|gride|lb-mle|pca</c>: one intrinsic-dimension
/// estimator on one point cloud (rows = points), optionally per class and with Ansuini's resampling protocol
/// (design.md §9). GRIDE prints its scale analysis (or one scale with --n1/--n2).
/// </summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo?>("input") { Description = "Points, one per row: a 2-D float32/float64 .npy file, or a Parquet file with a list<float> column. Omit it with --experiment.", Arity = ArgumentArity.ZeroOrOne };
        var estimator = new Option<string>("--estimator") { Description = "twonn (Facco's fit), gride (DADApy), lb-mle (Levina-Bickel, skdim) or pca.", DefaultValueFactory = _ => "gride" };
        estimator.AcceptOnlyFromAmong("twonn", "gride", "lb-mle", "pca");
        var labels = new Option<FileInfo?>("--labels") { Description = "A 1-D int32/int64 .npy file with one label per row: one estimate per class plus the pooled set." };
        var column = new Option<string>("--column") { Description = "For Parquet input: the list<float> column holding the vectors.", DefaultValueFactory = _ => Workflow.Core.IO.EmbeddingParquet.VectorColumn };
        var rangeMax = new Option<int>("--range-max") { Description = "GRIDE: largest neighbour rank of the scale analysis n1 = 1, 2, 4, ..., n2 = 2 n1.", DefaultValueFactory = _ => Gride.DefaultRangeMax };
        var n1 = new Option<int?>("--n1") { Description = "GRIDE at one scale: the smaller rank (with --n2)." };
        var n2 = new Option<int?>("--n2") { Description = "GRIDE at one scale: the larger rank (with --n1)." };
        var k = new Option<int>("--k") { Description = "lb-mle: neighbours per point.", DefaultValueFactory = _ => LevinaBickel.DefaultK };
        var unbiased = new Option<bool>("--unbiased") { Description = "lb-mle: the (k-2) form instead of (k-1)." };
        var aggregation = new Option<string>("--aggregation") { Description = "lb-mle: harmonic (MacKay-Ghahramani, skdim's default) or mean.", DefaultValueFactory = _ => "harmonic" };
        aggregation.AcceptOnlyFromAmong("harmonic", "mean");
        var pcaKind = new Option<string>("--pca") { Description = "pca: variance (Ansuini: standardised, 90% explained), fo (skdim lPCA FO, lambda > 0.05 lambda1) or pr (participation ratio).", DefaultValueFactory = _ => "variance" };
        pcaKind.AcceptOnlyFromAmong("variance", "fo", "pr");
        var resample = new Option<int>("--resample") { Description = "Ansuini's protocol: mean +- std over this many random subsets (0 = off; Ansuini used 50).", DefaultValueFactory = _ => 0 };
        var fraction = new Option<double>("--fraction") { Description = "Ansuini's protocol: fraction of the points in each subset.", DefaultValueFactory = _ => AnsuiniResampling.DefaultFraction };
        var seed = new Option<int>("--seed") { Description = "Seed of the subsets.", DefaultValueFactory = _ => 42 };
        var device = new Option<string>("--device") { Description = "Where distances are computed: cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var search = new Option<string>("--search") { Description = "Neighbour search: torch (fast, exact) or exact (managed brute force, small N).", DefaultValueFactory = _ => "torch" };
        search.AcceptOnlyFromAmong("torch", "exact");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };

        var command = new Command("estimate", "Intrinsic dimension of a point cloud with one estimator (TwoNN, GRIDE, Levina-Bickel MLE, PCA), rows = points. " +
            "With --experiment instead of a file: the Estimators stage (GRIDE scales, MLE, PCA for every model x layer x class) -> estimators.csv.")
        {
            input, estimator, labels, column, rangeMax, n1, n2, k, unbiased, aggregation, pcaKind, resample, fraction, seed, device, search, json,
        };
        var stage = new Stages.StageOptions();
        stage.AddTo(command, withDevice: false, withNumerics: true); // the stage runs libtorch (the graph offers --numerics)
        command.SetAction(parse =>
        {
            if (parse.GetResult(stage.Experiment) is not null)
                return StageCommand.RunStage(stage.Read(parse) with { Device = parse.GetResult(device) is null ? null : parse.GetValue(device) },
                    EstimatorsStage.StageName);
            if (parse.GetValue(input) is null)
            {
                Console.Error.WriteLine("error: give a point cloud (points.npy or file.parquet), or --experiment <name> to run the Estimators stage.");
                return 2;
            }
            try
            {
                string name = parse.GetValue(estimator)!;
                if ((parse.GetValue(n1) is null) != (parse.GetValue(n2) is null))
                    throw new ArgumentException("Give --n1 and --n2 together (one GRIDE scale), or neither (the scale analysis to --range-max).");
                if (parse.GetValue(n1) is not null && name != "gride")
                    throw new ArgumentException("--n1/--n2 apply to --estimator gride only.");
                var settings = new EstimateSettings(name, parse.GetValue(rangeMax), parse.GetValue(n1), parse.GetValue(n2), parse.GetValue(k),
                    parse.GetValue(unbiased), parse.GetValue(aggregation) == "mean" ? MleAggregation.Mean : MleAggregation.Harmonic,
                    parse.GetValue(pcaKind) switch { "fo" => PcaIdKind.FukunagaOlsen, "pr" => PcaIdKind.ParticipationRatio, _ => PcaIdKind.ExplainedVariance },
                    parse.GetValue(resample), parse.GetValue(fraction), (ulong)parse.GetValue(seed));
                IKNeighbourSearch neighbours = parse.GetValue(search) == "exact" ? ExactNeighbourSearch.Instance : TorchNeighbourSearch.Create(parse.GetValue(device));
                FileInfo file = parse.GetValue(input)!;
                (PointMatrix points, int[]? fileLabels) = PointCloudFile.Load(file, parse.GetValue(column)!);
                int[]? classes = parse.GetValue(labels) is { } l ? PointCloudFile.LoadLabels(l, file, points.Rows) : null;
                JsonObject result = classes is null ? Estimate(points, settings, neighbours) : PerClass(points, classes, settings, neighbours);
                Console.Out.WriteLine(parse.GetValue(json) ? result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) : Describe(result));
                return 0;
            }
            catch (Exception e) when (e is TwoNnDataException or InvalidDataException or FileNotFoundException or ArgumentException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    private static JsonObject PerClass(PointMatrix points, int[] labels, EstimateSettings settings, IKNeighbourSearch search)
    {
        var classes = new JsonArray();
        foreach (int label in labels.Distinct().Order())
        {
            int[] rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToArray();
            JsonObject entry;
            try
            {
                entry = Estimate(points.SelectRows(rows), settings, search);
            }
            catch (TwoNnDataException e)
            {
                entry = new JsonObject { ["estimator"] = settings.Estimator, ["error"] = e.Message };
            }
            entry.Insert(0, "label", label);
            classes.Add(entry);
        }
        return new JsonObject { ["all"] = Estimate(points, settings, search), ["classes"] = classes };
    }

    /// <summary>The estimate of one cloud as JSON: <c>id</c> and the options used (GRIDE: the <c>scales</c> list).</summary>
    internal static JsonObject Estimate(PointMatrix points, EstimateSettings settings, IKNeighbourSearch search)
    {
        var data = new IdEstimation(points, search);
        var result = new JsonObject { ["estimator"] = settings.Estimator };
        if (settings.Estimator == "gride" && settings.N1 is null && settings.Subsets == 0)
        {
            result["range_max"] = settings.RangeMax;
            result["scales"] = Scales(data.GrideScaling(settings.RangeMax));
        }
        else if (settings.Subsets > 0)
        {
            ResampledEstimate r = AnsuiniResampling.Run(data.Points, settings.ToEstimator(), search, settings.Subsets, settings.Fraction, settings.Seed);
            result["id"] = r.Mean;
            result["std"] = r.Std;
            result["resampling"] = new JsonObject { ["subsets"] = r.Subsets, ["fraction"] = r.Fraction, ["subset_size"] = r.SubsetSize, ["seed"] = settings.Seed };
        }
        else if (settings.Estimator == "gride")
        {
            GrideScale scale = data.Gride(settings.N1!.Value, settings.N2!.Value);
            result["id"] = scale.Id;
            result["scales"] = Scales([scale]);
        }
        else
        {
            result["id"] = settings.ToEstimator().Estimate(data);
        }
        result["options"] = settings.Options();
        result["n"] = points.Rows;
        result["n_distinct"] = data.Points.Rows;
        result["duplicates"] = data.Duplicates;
        result["search"] = search.Name;
        return result;
    }

    private static JsonArray Scales(IEnumerable<GrideScale> scales) => new(scales.Select(s => (JsonNode)new JsonObject
    {
        ["n1"] = s.N1, ["n2"] = s.N2, ["id"] = s.Id, ["sigma"] = s.Sigma, ["scale"] = s.Scale, ["n_used"] = s.NUsed, ["problem"] = s.Problem,
    }).ToArray());

    private static string Describe(JsonObject result)
    {
        if (result["classes"] is JsonArray classes)
            return "all: " + Describe((JsonObject)result["all"]!) + string.Concat(classes.Select(c =>
                $"\nclass {c!["label"]}: " + (c["error"] is { } e ? "no estimate: " + e : Describe((JsonObject)c))));
        string text = result["scales"] is JsonArray scales && result["id"] is null
            ? $"{result["estimator"]}: " + string.Join("; ", scales.Select(s =>
                FormattableString.Invariant($"({s!["n1"]},{s["n2"]}) id = {Number(s["id"])} +- {Number(s["sigma"])} at scale {Number(s["scale"])}") +
                (s["problem"] is { } p ? $" [{p}]" : "")))
            : $"{result["estimator"]}: id = {Number(result["id"])}" + (result["std"] is { } std ? $" +- {Number(std)}" : "");
        return text + $" (n = {result["n"]}, distinct {result["n_distinct"]}, duplicates {result["duplicates"]}; search {result["search"]})";
    }

    private static string Number(JsonNode? node) =>
        node is null ? "none" : node.GetValue<double>().ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The options of <c>idim estimate</c>, parsed.</summary>
internal sealed record EstimateSettings(string Estimator, int RangeMax, int? N1, int? N2, int K, bool Unbiased, MleAggregation Aggregation,
    PcaIdKind PcaKind, int Subsets, double Fraction, ulong Seed)
{
    /// <summary>The estimator these settings select (GRIDE: one scale, the given one or the middle (4, 8) for resampling).</summary>
    public IIdEstimator ToEstimator() => Estimator switch
    {
        "twonn" => new TwoNnIdEstimator(new TwoNnOptions()),
        "gride" => new GrideIdEstimator(N1 ?? 4, N2 ?? 8),
        "lb-mle" => new LevinaBickelIdEstimator(K, Unbiased, Aggregation),
        "pca" => new PcaIdEstimator(PcaKind),
        _ => throw new ArgumentException($"Unknown estimator '{Estimator}'; use twonn, gride, lb-mle or pca."),
    };

    /// <summary>The options that shaped the estimate, for the JSON.</summary>
    public JsonObject Options() => Estimator switch
    {
        "twonn" => new JsonObject { ["estimator"] = "fit", ["discard_fraction"] = 0.1, ["convention"] = "standard" },
        "gride" => N1 is null && Subsets == 0 ? new JsonObject { ["range_max"] = RangeMax } : new JsonObject { ["n1"] = N1 ?? 4, ["n2"] = N2 ?? 8 },
        "lb-mle" => new JsonObject { ["k"] = K, ["unbiased"] = Unbiased, ["aggregation"] = Aggregation == MleAggregation.Mean ? "mean" : "harmonic" },
        "pca" => new JsonObject { ["kind"] = PcaKind switch { PcaIdKind.FukunagaOlsen => "fo", PcaIdKind.ParticipationRatio => "pr", _ => "variance" } },
        _ => new JsonObject(),
    };
}
