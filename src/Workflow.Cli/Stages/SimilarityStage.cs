using System.Text.Json.Nodes;
using Workflow.Core.Cache;
using Workflow.Core.IO;
using Workflow.Core.Similarity;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;
using Workflow.Torch.Similarity;

namespace Workflow.Cli.Stages;

/// <summary>
/// Similarity stage (issue 14, item 2): for every pair of models of the experiment — one cached unit per pair — the
/// layer × layer linear CKA, debiased CKA and mutual k-NN alignment on the same images, for all classes pooled and
/// for each class, with the row-shuffle permutation p of every value (design.md §10) and, per layer of A, the layer of
/// B that matches it best → <c>similarity/&lt;a&gt;__&lt;b&gt;.json</c>. Written against today's stage layout; the
/// lead re-homes it onto the declared graph (it depends on Embed[a] and Embed[b] only).
/// </summary>
internal static class SimilarityStage
{
    public const string Name = "Similarity";
    public const string Version = "similarity/1";

    /// <summary>Settings (defaults until the experiment file gets a <c>similarity</c> section): Huh et al.'s k, the
    /// permutation budget, and the largest set whose CKA null is computed (each permutation costs n² per layer pair).</summary>
    public sealed record Settings(int K = MutualKnn.DefaultK, int Permutations = 200, int CkaPermutationMaxImages = 1000, ulong Seed = 42);

    public static string OutputFile(string a, string b) => $"similarity/{a}__{b}.json";

    public static StageKey Key(string a, string b) => new(Name, $"{a}__{b}");

    public static int Run(StageContext context)
    {
        var settings = new Settings();
        var models = context.Experiment.Models;
        if (models.Count < 2)
        {
            Console.WriteLine($"{Name}: the experiment has {models.Count} model(s); similarity needs at least two. Nothing to do.");
            return 0;
        }
        for (int i = 0; i < models.Count; i++)
            for (int j = i + 1; j < models.Count; j++)
            {
                string a = models[i].Name, b = models[j].Name;
                var inputs = new Dictionary<string, string>();
                foreach (string model in new[] { a, b })
                {
                    var outputs = StageRunner.OutputsOf(context, PipelineUnits.EmbedKey(models.First(m => m.Name == model)));
                    if (outputs is null)
                        throw new InvalidOperationException($"{Name}[{a}__{b}] cannot run yet: Embed[{model}] has no record. Run the Embed stage first.");
                    foreach (var (file, hash) in outputs) inputs[file] = hash;
                }
                var parameters = new JsonObject
                {
                    ["models"] = new JsonArray(a, b),
                    ["k"] = settings.K,
                    ["permutations"] = settings.Permutations,
                    ["cka_permutation_max_images"] = settings.CkaPermutationMaxImages,
                    ["seed"] = settings.Seed,
                };
                StageRunner.Run(context, Key(a, b), new StageInputs(Version, parameters, inputs), () => [Produce(context, a, b, settings)]);
            }
        return 0;
    }

    private static string Produce(StageContext context, string a, string b, Settings settings)
    {
        var (layersA, tablesA) = Load(context, a);
        var (layersB, tablesB) = Load(context, b);
        int[] index = tablesA[0].Index;
        foreach (EmbeddingTable t in tablesA.Concat(tablesB))
            if (!t.Index.AsSpan().SequenceEqual(index))
                throw new InvalidDataException($"{Name}[{a}__{b}]: the embeddings of the two models do not hold the same images in the same order; re-run Embed.");
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
        string path = context.Cache.PathOf(OutputFile(a, b));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"{Name}[{a}__{b}]: {layersA.Count} x {layersB.Count} layers x {sets.Count} sets");
        return path;
    }

    private static JsonObject Set(string name, int label, int[] rows, EmbeddingTable[] tablesA, EmbeddingTable[] tablesB, IKNeighbourSearch search, Settings settings)
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
                    pMknn[l, m] = PermutationTest.PValue(rows.Length, pi => MutualKnn.Overlap(na, nb, k, pi), mknn[l, m], settings.Permutations, settings.Seed).P;
                if (gramsA is not null)
                {
                    CentredGram gx = gramsA[l], gy = gramsB![m];
                    double norms = gx.Norm() * gy.Norm();
                    pCka[l, m] = PermutationTest.PValue(rows.Length, pi => gx.Dot(gy, pi) / norms, cka.Linear[l, m], settings.Permutations, settings.Seed).P;
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
