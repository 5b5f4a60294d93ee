using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Workflow.Core.Data;
using Workflow.Core.Estimators;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;
using Workflow.Torch.Similarity;
using static TorchSharp.torch;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim bench gride</c> (GRIDE's scale analysis against TwoNN on the same data) and <c>idim bench cka</c> (all
/// layer × layer CKA values of two models against the bare matrix products they need); docs/benchmarks.md.
/// </summary>
internal static class BenchEstimatorsCommand
{
    public static Command CreateGride()
    {
        var n = new Option<int>("--n") { Description = "Points.", DefaultValueFactory = _ => 5000 };
        var d = new Option<int>("--d") { Description = "Dimension.", DefaultValueFactory = _ => 1024 };
        var rangeMax = new Option<int>("--range-max") { Description = "Largest neighbour rank.", DefaultValueFactory = _ => 64 };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs of each after one warm-up.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the data.", DefaultValueFactory = _ => 1 };
        var save = new Option<FileInfo?>("--save") { Description = "Also write the data as a float32 .npy file (for the numpy/scikit-learn side)." };
        var command = new Command("gride", "Time GRIDE's scale analysis (exact k-NN to --range-max + 6 estimates) and TwoNN (k = 2 + fit) on the same N x D Gaussian points.")
        {
            n, d, rangeMax, repeats, seed, save,
        };
        command.SetAction(parse =>
        {
            PointMatrix points = Gaussian(parse.GetValue(n), parse.GetValue(d), (ulong)parse.GetValue(seed));
            if (parse.GetValue(save) is { } file) NpyFile.WriteMatrix(file.FullName, points);
            var search = new TorchNeighbourSearch(CPU);
            int maxRank = Gride.MaxRank(points.Rows, parse.GetValue(rangeMax));
            IReadOnlyList<GrideScale>? scales = null;
            TorchSearchStatistics? griStats = null;
            double twoNnId = 0;
            var gride = new List<double>();
            var twoNn = new List<double>();
            for (int r = 0; r <= parse.GetValue(repeats); r++)
            {
                // Alternate the two so that the machine's load hits both alike.
                var clock = Stopwatch.StartNew();
                var (nn, _) = search.Search(points);
                twoNnId = TwoNnEstimator.Estimate(nn.R1, nn.R2, new TwoNnOptions()).Id;
                double t2 = clock.Elapsed.TotalSeconds;
                clock.Restart();
                (NeighbourTable table, griStats) = search.SearchNearest(points, maxRank);
                scales = Gride.Scaling(table, maxRank);
                double tg = clock.Elapsed.TotalSeconds;
                if (r == 0) continue;
                twoNn.Add(t2);
                gride.Add(tg);
            }
            twoNn.Sort();
            gride.Sort();
            double mt = twoNn[twoNn.Count / 2], mg = gride[gride.Count / 2];
            string ids = string.Join(" ", scales!.Select(s => FormattableString.Invariant($"({s.N1},{s.N2}) {s.Id:G4}")));
            Console.Out.WriteLine(FormattableString.Invariant(
                $"N = {points.Rows}, D = {points.Columns}: TwoNN median {mt:F3} s (min {twoNn[0]:F3}), GRIDE to rank {maxRank} median {mg:F3} s ") +
                FormattableString.Invariant($"(min {gride[0]:F3}), ratio {mg / mt:F2} over {gride.Count} runs; TwoNN id {twoNnId:G5}; GRIDE ids {ids}") +
                FormattableString.Invariant($"; k-NN rows re-searched in float64: {griStats!.Float64Rows}, brute force: {griStats.ExactRows}; last GRIDE run: candidates {griStats.CandidateSeconds:F3} s, refine {griStats.RefineSeconds:F3} s"));
            return 0;
        });
        return command;
    }

    public static Command CreateCka()
    {
        var n = new Option<int>("--n") { Description = "Images.", DefaultValueFactory = _ => 5000 };
        var d = new Option<int>("--d") { Description = "Width of every layer.", DefaultValueFactory = _ => 768 };
        var layers = new Option<int>("--layers") { Description = "Layers per model.", DefaultValueFactory = _ => 13 };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs after one warm-up.", DefaultValueFactory = _ => 3 };
        var command = new Command("cka", "Time all layer x layer linear + debiased CKA values of two models (Gaussian features) against the bare float32 matrix products.")
        {
            n, d, layers, repeats,
        };
        command.SetAction(parse =>
        {
            int rows = parse.GetValue(n), width = parse.GetValue(d), count = parse.GetValue(layers);
            PointMatrix[] a = Enumerable.Range(0, count).Select(l => Gaussian(rows, width, (ulong)(100 + l))).ToArray();
            PointMatrix[] b = Enumerable.Range(0, count).Select(l => Gaussian(rows, width, (ulong)(200 + l))).ToArray();
            var ours = new List<double>();
            var bound = new List<double>();
            LayerCkaMatrix? matrix = null;
            for (int r = 0; r <= parse.GetValue(repeats); r++)
            {
                var clock = Stopwatch.StartNew();
                matrix = LayerCka.Compute(a, b);
                double t = clock.Elapsed.TotalSeconds;
                double g = BareProducts(a, b);
                if (r == 0) continue;
                ours.Add(t);
                bound.Add(g);
            }
            ours.Sort();
            bound.Sort();
            double flops = 2.0 * rows * ((double)count * width * count * width + 2.0 * count * width * width);
            double mo = ours[ours.Count / 2], mb = bound[bound.Count / 2];
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} x {count} layer pairs, n = {rows}, width {width}: LayerCka median {mo:F2} s (min {ours[0]:F2}), bare products median {mb:F2} s " +
                $"(min {bound[0]:F2}; {flops / 1e9:F0} GFLOP, {flops / mb / 1e9:F0} GFLOP/s), ratio {mo / mb:F2} over {ours.Count} runs; CKA[0,0] = {matrix!.Linear[0, 0]:G4}, debiased {matrix.Debiased[0, 0]:G3}"));
            return 0;
        });
        return command;
    }

    /// <summary>Only the float32 products LayerCka needs (data already on the tensor side): X_ℓᵀ·[Y₁…Y_L] per ℓ, X_ℓᵀX_ℓ, Y_mᵀY_m.</summary>
    private static double BareProducts(PointMatrix[] a, PointMatrix[] b)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor[] ta = a.Select(p => tensor(p.Values, [p.Rows, p.Columns])).ToArray();
        Tensor[] tb = b.Select(p => tensor(p.Values, [p.Rows, p.Columns])).ToArray();
        Tensor joined = cat(tb, 1);
        var clock = Stopwatch.StartNew();
        foreach (Tensor x in ta)
        {
            using var inner = NewDisposeScope();
            mm(x.t(), joined).sum().item<float>();
            mm(x.t(), x).sum().item<float>();
        }
        foreach (Tensor y in tb)
        {
            using var inner = NewDisposeScope();
            mm(y.t(), y).sum().item<float>();
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Seeded standard-normal float32 points (SplitMix64, Box–Muller).</summary>
    internal static PointMatrix Gaussian(int rows, int columns, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var values = new float[(long)rows * columns];
        for (int i = 0; i < values.Length; i += 2)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length) values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
        return new PointMatrix(values, rows, columns);
    }
}
