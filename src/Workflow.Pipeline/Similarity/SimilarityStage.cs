using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.Experiments;
using Workflow.Core.IO;
using Workflow.Core.Similarity;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;
using Workflow.Torch.Similarity;

namespace Workflow.Pipeline;

/// <summary>
/// Similarity stage (issue 14, item 2): for every pair of models of the experiment — one cached unit per pair — the
/// layer × layer linear CKA, debiased CKA and mutual k-NN alignment on the same images, for all classes pooled and
/// for each class, with the row-shuffle permutation p of every value (design.md §10) and, per layer of A, the layer of
/// B that matches it best → <c>similarity/&lt;a&gt;__&lt;b&gt;.json</c>. A unit reads Embed[a] and Embed[b] only; no
/// units when the experiment's <c>similarity.measures</c> is empty or it has fewer than two models.
/// </summary>
internal sealed class SimilarityStage : Stage
{
    public const string StageName = "Similarity";
    public const string Version = "similarity/1";

    public static string OutputFile(string a, string b) => $"similarity/{a}__{b}.json";

    public override string Name => StageName;

    public override string Description => "Linear CKA, debiased CKA and mutual k-NN, layer x layer, per model pair (and class) -> similarity/<a>__<b>.json.";

    public override IReadOnlyList<string> DependsOn => [StageNames.Embed];

    public override bool UsesTorch => true;

    public override IReadOnlyList<string?> Units(StageContext context)
    {
        var models = context.Experiment.Models;
        if (context.Experiment.Similarity.Measures.Count == 0) return [];
        var units = new List<string?>();
        for (int i = 0; i < models.Count; i++)
            for (int j = i + 1; j < models.Count; j++) units.Add($"{models[i].Name}__{models[j].Name}");
        return units;
    }

    /// <summary>Embed[a] and Embed[b] only (locked shared while the pair runs).</summary>
    public override IEnumerable<StageKey> Reads(StageContext context, PipelineGraph graph, string? unit)
    {
        var (a, b) = Pair(context, unit);
        return [DataStage.UnitKey, EmbedStage.KeyOf(a), EmbedStage.KeyOf(b)];
    }

    public override StageUnit Plan(StageContext context, string? unit)
    {
        var key = Key(unit);
        var (a, b) = Pair(context, unit);
        var inputs = new Dictionary<string, string>();
        var data = StageRunner.OutputsOf(context, DataStage.UnitKey, o => o == StageNames.Labels || o == StageNames.Classes);
        if (data is null) return StageUnit.Waiting(key, StageNames.Data, "the Data stage");
        foreach (var (file, hash) in data) inputs[file] = hash;
        foreach (var model in new[] { a, b })
        {
            var outputs = StageRunner.OutputsOf(context, EmbedStage.KeyOf(model));
            if (outputs is null) return StageUnit.Waiting(key, StageNames.Embed, $"Embed[{model.Name}]");
            foreach (var (file, hash) in outputs) inputs[file] = hash;
        }
        var parameters = new JsonObject
        {
            ["models"] = new JsonArray(a.Name, b.Name),
            ["similarity"] = CanonicalJson.ToNode(context.Experiment.Similarity),
        };
        return new StageUnit(key, new StageInputs(Version, parameters, inputs));
    }

    public override IReadOnlyList<string> Outputs(StageContext context, string? unit)
    {
        var (a, b) = Pair(context, unit);
        return [OutputFile(a.Name, b.Name)];
    }

    public override UnitWork Prepare(StageContext context, string? unit)
    {
        DevicePrecondition.Check(context.Device);
        var (a, b) = Pair(context, unit);
        return new UnitWork(Plan(context, unit), outputs => [Produce(context, a.Name, b.Name, context.Experiment.Similarity, outputs)]);
    }

    private static (ModelConfig A, ModelConfig B) Pair(StageContext context, string? unit)
    {
        var models = context.Experiment.Models;
        for (int i = 0; i < models.Count; i++)
            for (int j = i + 1; j < models.Count; j++)
                if ($"{models[i].Name}__{models[j].Name}" == unit) return (models[i], models[j]);
        throw new UserError($"The Similarity stage of '{context.Experiment.Name}' has no unit '{unit}'.");
    }

    private static string Produce(StageContext context, string a, string b, SimilarityConfig settings, StagedOutputs staged)
    {
        var (layersA, tablesA) = Load(context, a);
        var (layersB, tablesB) = Load(context, b);
        int[] index = tablesA[0].Index;
        foreach (EmbeddingTable t in tablesA.Concat(tablesB))
            if (!t.Index.AsSpan().SequenceEqual(index))
                throw new InvalidDataException($"{StageName}[{a}__{b}]: the embeddings of the two models do not hold the same images in the same order; re-run Embed.");
        int[] labels = tablesA[0].Labels ?? NpyFile.ReadLabels(context.Cache.PathOf(StageNames.Labels));
        var classes = ClassesFile.Read(context.Cache.PathOf(StageNames.Classes));
        var search = TorchNeighbourSearch.Create(context.Device);
        var sets = new JsonArray { Set("all", -1, Enumerable.Range(0, index.Length).ToArray(), tablesA, tablesB, search, settings) };
        foreach (int label in labels.Distinct().Order())
        {
            int[] rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToArray();
            string name = label >= 0 && label < classes.Names.Length ? classes.Names[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sets.Add(Set(name, label, rows, tablesA, tablesB, search, settings));
        }
        var document = new JsonObject
        {
            ["model_a"] = a,
            ["model_b"] = b,
            ["layers_a"] = new JsonArray(layersA.Select(l => (JsonNode)l).ToArray()),
            ["layers_b"] = new JsonArray(layersB.Select(l => (JsonNode)l).ToArray()),
            ["measures"] = new JsonArray("cka", "cka-debiased", "mknn"),
            ["mknn_k"] = settings.K,
            ["permutations"] = settings.Permutations,
            ["seed"] = settings.Seed,
            ["sets"] = sets,
        };
        string path = staged.PathOf(OutputFile(a, b));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"{StageName}[{a}__{b}]: {layersA.Count} x {layersB.Count} layers x {sets.Count} sets");
        return path;
    }

    private static JsonObject Set(string name, int label, int[] rows, EmbeddingTable[] tablesA, EmbeddingTable[] tablesB, IKNeighbourSearch search, SimilarityConfig settings)
    {
        PointMatrix[] a = tablesA.Select(t => t.Vectors.SelectRows(rows)).ToArray();
        PointMatrix[] b = tablesB.Select(t => t.Vectors.SelectRows(rows)).ToArray();
        LayerCkaMatrix cka = LayerCka.Compute(a, b, TorchSharp.torch.ScalarType.Float64);
        int k = Math.Min(settings.K, rows.Length - 1);
        int[][] knnA = a.Select(p => MutualKnn.Neighbours(Workflow.Core.Estimators.DoubleMatrix.FromPoints(p), k, search)).ToArray();
        int[][] knnB = b.Select(p => MutualKnn.Neighbours(Workflow.Core.Estimators.DoubleMatrix.FromPoints(p), k, search)).ToArray();
        var mknn = new double[a.Length, b.Length];
        var pMknn = new double[a.Length, b.Length];
        var pCka = new double?[a.Length, b.Length];
        bool ckaNull = settings.Permutations > 0 && rows.Length <= settings.CkaPermutationMaxImages;
        CentredGram[]? gramsA = ckaNull ? a.Select(p => CentredGram.Linear(Workflow.Core.Estimators.DoubleMatrix.FromPoints(p), false)).ToArray() : null;
        CentredGram[]? gramsB = ckaNull ? b.Select(p => CentredGram.Linear(Workflow.Core.Estimators.DoubleMatrix.FromPoints(p), false)).ToArray() : null;
        for (int l = 0; l < a.Length; l++)
            for (int m = 0; m < b.Length; m++)
            {
                int[] na = knnA[l], nb = knnB[m];
                mknn[l, m] = MutualKnn.Overlap(na, nb, k, null);
                if (settings.Permutations > 0)
                    pMknn[l, m] = PermutationTest.PValue(rows.Length, pi => MutualKnn.Overlap(na, nb, k, pi), mknn[l, m], settings.Permutations, (ulong)settings.Seed).P;
                if (gramsA is not null)
                {
                    CentredGram gx = gramsA[l], gy = gramsB![m];
                    double norms = gx.Norm() * gy.Norm();
                    pCka[l, m] = PermutationTest.PValue(rows.Length, pi => gx.Dot(gy, pi) / norms, cka.Linear[l, m], settings.Permutations, (ulong)settings.Seed).P;
                }
            }
        return new JsonObject
        {
            ["class"] = name,
            ["label"] = label,
            ["n"] = rows.Length,
            ["cka"] = Matrix(cka.Linear),
            ["cka_debiased"] = Matrix(cka.Debiased),
            ["mknn"] = Matrix(mknn),
            ["p_cka"] = gramsA is null ? null : Matrix(pCka),
            ["p_mknn"] = settings.Permutations > 0 ? Matrix(pMknn) : null,
            ["best_match_cka"] = BestMatch(cka.Linear),
            ["best_match_mknn"] = BestMatch(mknn),
        };
    }

    /// <summary>For each layer ℓ of A, the position (in layers_b) of the layer of B with the largest value.</summary>
    private static JsonArray BestMatch(double[,] values) => new(Enumerable.Range(0, values.GetLength(0))
        .Select(l => (JsonNode)Enumerable.Range(0, values.GetLength(1)).MaxBy(m => values[l, m])).ToArray());

    private static JsonArray Matrix(double[,] values) => Matrix(values, v => v);

    private static JsonArray Matrix(double?[,] values) => Matrix(values, v => v);

    private static JsonArray Matrix<T>(T[,] values, Func<T, double?> convert) => new(Enumerable.Range(0, values.GetLength(0))
        .Select(l => (JsonNode)new JsonArray(Enumerable.Range(0, values.GetLength(1)).Select(m => (JsonNode?)convert(values[l, m])).ToArray())).ToArray());

    private static (IReadOnlyList<int> Layers, EmbeddingTable[] Tables) Load(StageContext context, string model)
    {
        var info = ModelInfoFile.Read(context.Cache.PathOf(StageNames.ModelInfo(model)));
        var tables = info.Layers.Select(l => EmbeddingParquet.Read(context.Cache.PathOf(StageNames.EmbeddingFile(model, l)))).ToArray();
        return (info.Layers, tables);
    }
}
