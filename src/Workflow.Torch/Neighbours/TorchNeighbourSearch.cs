using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using Workflow.Core.TwoNn;
using Workflow.Torch.Runtime;
using static TorchSharp.torch;

namespace Workflow.Torch.Neighbours;

/// <summary>How a search went: rows settled by each stage.</summary>
/// <param name="Rows">Points searched.</param>
/// <param name="Candidates">Candidates per row in the first stage (k).</param>
/// <param name="Float64Rows">Rows the float32 stage could not prove and the float64 stage re-searched.</param>
/// <param name="ExactRows">Rows left to the managed brute force after both stages.</param>
/// <param name="PrepareSeconds">Wall time to centre and upload the points.</param>
/// <param name="CandidateSeconds">Wall time of the float32 candidate stage.</param>
/// <param name="RefineSeconds">Wall time of the refinement and any later stage.</param>
public sealed record TorchSearchStatistics(
    int Rows, int Candidates, int Float64Rows, int ExactRows, double PrepareSeconds, double CandidateSeconds, double RefineSeconds);

/// <summary>
/// Exact k-nearest-neighbour search (TwoNN: k = 2; GRIDE up to 64) on TorchSharp tensors (CPU or CUDA), equal to a
/// float64 brute force.
/// <list type="number">
/// <item>Centre the points (removes large offsets that would ruin the GEMM identity) and find, per row, the k
/// best candidates by c̃ = ‖x‖² + ‖y‖² − 2x·y in float32, over the block pairs (I, J ≥ I) only: each block's
/// top-k updates its rows and, transposed, its columns.</item>
/// <item>Recompute in float64 with direct differences the candidates within the rigorous error bound of the
/// k-th best (<see cref="GemmErrorBound"/>, <see cref="NeighbourRefinement"/>); when the last candidate is
/// within that bound too the row is unproven.</item>
/// <item>Unproven rows are searched again in float64 (u = 2⁻⁵³; row blocks of <c>blockElements</c>/N rows against
/// all N), and whatever is still unproven (e.g. clusters of points 1e−9 apart far from the rest) by the managed
/// brute force.</item>
/// </list>
/// Memory: the points (N·D float32 on the device plus host copies; N·D float64 only if stage 2 is reached), the
/// candidates (N·k values and indices), and in stage 1 at most max(b², 2²²) products at a time, b = min(2048, max(512,
/// ⌈N/10⌉)) on the CPU (⌈N/6⌉ on other devices), or
/// of at most <c>blockElements</c> distances in stage 2: O(N·(D + k) + <c>blockElements</c>), never N × N.
/// Measured: N = 50 000, D = 768 peaks at 0.9 GB resident for the whole <c>idim twonn</c> process.
/// </summary>
public sealed class TorchNeighbourSearch : IKNeighbourSearch
{
    private readonly Device device;
    private readonly int candidates;
    private readonly long blockElements;

    /// <summary>Creates the search.</summary>
    /// <param name="device">Where the products run; from <see cref="ComputeDevice.Resolve"/>.</param>
    /// <param name="candidates">Candidates per row in the float32 stage (k ≥ 3; default 8: top-k with k ≤ 8 measured
    /// 2.5× cheaper than k = 16 here, and 8 leaves a wide margin over the error bound on real data).</param>
    /// <param name="blockElements">Distances held per block (default 2²⁴ = 16 M, 64 MiB in float32).</param>
    public TorchNeighbourSearch(Device device, int candidates = 8, long blockElements = 1 << 24)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockElements, 1024);
        TorchRuntime.EnsureLoaded();
        this.device = device;
        this.candidates = candidates;
        this.blockElements = blockElements;
    }

    /// <summary>The search on the device named <paramref name="deviceName"/> (<c>cpu|cuda|auto</c>).</summary>
    public static TorchNeighbourSearch Create(string? deviceName) => new(ComputeDevice.Resolve(deviceName));

    /// <inheritdoc />
    public string Name => "torch-" + device.type.ToString().ToLowerInvariant();

    /// <inheritdoc />
    public NeighbourDistances FindTwoNearest(PointMatrix points) => Search(points).Distances;

    /// <inheritdoc />
    public NeighbourTable FindNearest(PointMatrix points, int k) => SearchNearest(points, k).Table;

    /// <summary>The two-nearest search (TwoNN) with its statistics.</summary>
    public (NeighbourDistances Distances, TorchSearchStatistics Statistics) Search(PointMatrix points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Rows < 3)
            throw new ArgumentException($"Need at least 3 points to find two neighbours of each, got {points.Rows}.", nameof(points));
        var (table, statistics) = SearchNearest(points, 2);
        return (table.ToTwoNearest(), statistics);
    }

    /// <summary>
    /// Candidates per row in the float32 stage for k neighbours: the configured count for TwoNN, and for larger k a
    /// quarter more than k (at least one more), since the proof needs the K-th candidate beyond the k-th's bound.
    /// </summary>
    private int CandidatesFor(int k) => Math.Max(candidates, k + Math.Max(1, k / 4));

    /// <summary>The exact k-nearest search (any 1 ≤ k ≤ N − 1) with its statistics.</summary>
    public (NeighbourTable Table, TorchSearchStatistics Statistics) SearchNearest(PointMatrix points, int k)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.Rows, d = points.Columns;
        ExactNeighbourSearch.RequireRank(n, k);
        var result = new NeighbourTable(k, new double[n * k], new int[n * k]);
        int kc = Math.Min(CandidatesFor(k), n - 1);
        double[] mean = ColumnMeans(points);
        int[] allRows = Enumerable.Range(0, n).ToArray();

        // Stage 1: float32 candidates.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CandidateSet set;
        double prepare, candidate;
        double[] norms32;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            Tensor all = Centre32(points, mean, device, out norms32);
            prepare = clock.Elapsed.TotalSeconds;
            set = all.device_type == DeviceType.CPU ? SymmetricCandidatesCpu(all, kc) : SymmetricCandidates(all, kc);
            candidate = clock.Elapsed.TotalSeconds - prepare;
        }
        double[] bound = GemmErrorBound.PerRow(norms32, norms32.Max(), d, GemmErrorBound.Float32);
        List<int> unresolved = NeighbourRefinement.Refine(points, allRows, set, bound, complete: kc == n - 1, result);
        int float64Rows = unresolved.Count;

        // Stage 2: the unproven rows again, in float64.
        if (unresolved.Count > 0)
        {
            double[] centred64 = Centre64(points, mean, out double[] norms64);
            int k64 = Math.Min(Math.Max(4 * kc, 64), n - 1);
            using (no_grad())
            using (var scope = NewDisposeScope())
            {
                Tensor all = tensor(centred64, [n, d], device: device);
                set = Candidates(all, unresolved, k64);
            }
            double[] rowNorms = unresolved.Select(i => norms64[i]).ToArray();
            double[] bound64 = GemmErrorBound.PerRow(rowNorms, norms64.Max(), d, GemmErrorBound.Float64);
            unresolved = NeighbourRefinement.Refine(points, unresolved, set, bound64, complete: k64 == n - 1, result);
        }

        // Stage 3: brute force for whatever is left.
        ExactNeighbourSearch.SearchRows(points, unresolved, result);
        return (result, new TorchSearchStatistics(n, kc, float64Rows, unresolved.Count,
            prepare, candidate, clock.Elapsed.TotalSeconds - prepare - candidate));
    }

    /// <summary>
    /// The k best other rows of every row by ‖x‖² + ‖y‖² − 2x·y, using the symmetry of distances: only the
    /// block pairs (I, J ≥ I) are computed (about half the products of a full N × N pass); each block updates
    /// the running top-k of its rows and, transposed, of its columns.
    /// </summary>
    private CandidateSet SymmetricCandidates(Tensor all, int k)
    {
        int n = (int)all.shape[0];
        // About N/6 rows per block: 21 block pairs instead of 36 (58% of the full products) while each GEMM stays
        // large enough to run near peak (measured on the CPU, 5000 x 1024, with this topk selection: N/6 beat N/4 and
        // N/8; smaller blocks make topk's per-row cost grow). Used on non-CPU devices; the CPU has SymmetricCandidatesCpu.
        int block = (int)Math.Min(Math.Clamp((n + 5) / 6, 512, 2048), Math.Sqrt(blockElements));
        Tensor squaredNorms = all.mul(all).sum(1);
        Tensor bestValues = full([n, k], float.PositiveInfinity, dtype: all.dtype, device: all.device);
        Tensor bestIndices = zeros([n, k], dtype: ScalarType.Int64, device: all.device);
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int bi = Math.Min(block, n - i0);
            for (int j0 = i0; j0 < n; j0 += block)
            {
                int bj = Math.Min(block, n - j0);
                using var scope = NewDisposeScope();
                Tensor rows = all.narrow(0, i0, bi), columns = all.narrow(0, j0, bj);
                // c̃ = (‖xᵢ‖² + ‖xⱼ‖²) − 2 xᵢ·xⱼ; the factor −2 is exact. See GemmErrorBound for the error of this line.
                Tensor sums = squaredNorms.narrow(0, i0, bi).unsqueeze(1) + squaredNorms.narrow(0, j0, bj).unsqueeze(0);
                Tensor distances = addmm(sums, rows, columns.t(), beta: 1, alpha: -2);
                if (i0 == j0) distances.diagonal().fill_(float.PositiveInfinity);
                Merge(bestValues, bestIndices, i0, bi, distances, j0, k);
                if (i0 != j0) Merge(bestValues, bestIndices, j0, bj, distances.t(), i0, k);
            }
        }
        double[] values = bestValues.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        long[] ix = bestIndices.cpu().data<long>().ToArray();
        var indices = new int[ix.Length];
        for (int c = 0; c < ix.Length; c++) indices[c] = (int)ix[c];
        return new CandidateSet(k, values, indices);
    }

    /// <summary>
    /// <see cref="SymmetricCandidates"/> on the CPU, with the selection in managed code: the float32 products
    /// P = X_I·X_Jᵀ of one block row (I, J ≥ I) come from libtorch (≈0.5 N²·D multiply-adds in all, with blocks of
    /// ⌈N/10⌉ ≥ 512 rows), then one parallel pass per block row computes c̃ = (‖xᵢ‖² + ‖xⱼ‖²) − 2P — the same two
    /// float32 additions as the GEMM identity that <see cref="GemmErrorBound"/> bounds; the factor 2 is exact — and
    /// keeps the k smallest of each row (threshold compare, 8 lanes at a time) and, for J ≠ I, of each column.
    /// Measured on 5000 × 1024: the selection takes ≈0.012 s instead of ≈0.06 s for torch's topk + merge on blocks
    /// of this size, which makes the smaller blocks (fewer wasted products on the diagonal) pay.
    /// Holds at most max(b², 2²²) products at a time (16 MiB for b ≤ 2048).
    /// </summary>
    private CandidateSet SymmetricCandidatesCpu(Tensor all, int k)
    {
        int n = (int)all.shape[0];
        int block = (int)Math.Min(Math.Clamp((n + 9) / 10, 512, 2048), Math.Sqrt(blockElements));
        long batchElements = Math.Max((long)block * block, Math.Min(blockElements, 1L << 22));
        float[] squaredNorms = all.mul(all).sum(1).data<float>().ToArray();
        var best = new RunningCandidates(n, k);
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int bi = Math.Min(block, n - i0);
            Tensor rows = all.narrow(0, i0, bi);
            for (int j0 = i0; j0 < n;)
            {
                using var scope = NewDisposeScope();
                // Products of rows I with the next column blocks, as many as the batch holds.
                var products = new List<(Tensor Products, int Start, int Width)>();
                long held = 0;
                do
                {
                    int bj = Math.Min(block, n - j0);
                    products.Add((mm(rows, all.narrow(0, j0, bj).t()), j0, bj));
                    held += (long)bi * bj;
                    j0 += bj;
                } while (j0 < n && held + (long)bi * Math.Min(block, n - j0) <= batchElements);
                SelectBatch(products, i0, bi, squaredNorms, best);
            }
        }
        return best.ToCandidateSet();
    }

    /// <summary>One parallel pass over a batch of product blocks of rows i0…i0+bi−1: rows split between workers for the
    /// row selection, then columns (of the blocks right of the diagonal) for the column selection. Rows and columns
    /// are different points, so no two workers touch the same running candidates.</summary>
    private static void SelectBatch(List<(Tensor Products, int Start, int Width)> products, int i0, int bi, float[] squaredNorms, RunningCandidates best)
    {
        int columnStart = Math.Max(i0 + bi, products[0].Start), columnEnd = products[^1].Start + products[^1].Width;
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, bi / 16));
        Parallel.For(0, workers, w =>
        {
            int r0 = bi * w / workers, r1 = bi * (w + 1) / workers;
            int g0 = columnStart + (columnEnd - columnStart) * w / workers, g1 = columnStart + (columnEnd - columnStart) * (w + 1) / workers;
            foreach ((Tensor tensor, int j0, int bj) in products)
            {
                ReadOnlySpan<float> p = MemoryMarshal.Cast<byte, float>(tensor.bytes);
                for (int r = r0; r < r1; r++)
                    best.ScanRow(p.Slice(r * bj, bj), i0 + r, j0, squaredNorms);
                int c0 = Math.Max(g0, j0), c1 = Math.Min(g1, j0 + bj);
                if (c1 > c0)
                    best.ScanColumns(p, bi, bj, c0 - j0, c1 - j0, i0, j0, squaredNorms);
            }
        });
    }

    /// <summary>Merges the best of each row of <paramref name="distances"/> (columns offset by <paramref name="columnOffset"/>) into the running top-k of rows <paramref name="rowOffset"/>….</summary>
    private static void Merge(Tensor bestValues, Tensor bestIndices, int rowOffset, int rowCount, Tensor distances, int columnOffset, int k)
    {
        int take = (int)Math.Min(k, distances.shape[1]);
        var (values, indices) = distances.topk(take, dim: 1, largest: false, sorted: false);
        Tensor currentValues = bestValues.narrow(0, rowOffset, rowCount);
        Tensor currentIndices = bestIndices.narrow(0, rowOffset, rowCount);
        Tensor allValues = cat([currentValues, values], 1);
        Tensor allIndices = cat([currentIndices, indices.add(columnOffset)], 1);
        var (mergedValues, positions) = allValues.topk(k, dim: 1, largest: false, sorted: true);
        currentValues.copy_(mergedValues);
        currentIndices.copy_(allIndices.gather(1, positions));
    }

    /// <summary>The k best other rows of each query row by ‖x‖² + ‖y‖² − 2x·y, computed block by block.</summary>
    private CandidateSet Candidates(Tensor all, IReadOnlyList<int> queryRows, int k)
    {
        long n = all.shape[0];
        Tensor squaredNorms = all.mul(all).sum(1);
        Tensor allT = all.t();
        int rowsPerBlock = (int)Math.Clamp(blockElements / n, 1, queryRows.Count);
        var values = new double[queryRows.Count * k];
        var indices = new int[queryRows.Count * k];
        bool contiguousRows = queryRows.Count == n;
        for (int start = 0; start < queryRows.Count; start += rowsPerBlock)
        {
            int count = Math.Min(rowsPerBlock, queryRows.Count - start);
            using var scope = NewDisposeScope();
            long[] rowIds = new long[count];
            for (int r = 0; r < count; r++) rowIds[r] = queryRows[start + r];
            Tensor self = tensor(rowIds, [count, 1], device: all.device);
            Tensor query = contiguousRows ? all.narrow(0, start, count) : all.index_select(0, self.view(-1));
            Tensor queryNorms = contiguousRows ? squaredNorms.narrow(0, start, count) : squaredNorms.index_select(0, self.view(-1));
            // c̃ = (‖q‖² + ‖x‖²) − 2 q·x; the factor −2 is exact. See GemmErrorBound for the error of this line.
            Tensor distances = addmm(queryNorms.unsqueeze(1) + squaredNorms.unsqueeze(0), query, allT, beta: 1, alpha: -2);
            distances.scatter_(1, self, full([count, 1], double.PositiveInfinity, dtype: distances.dtype, device: all.device));
            var (bestValues, bestIndices) = distances.topk(k, dim: 1, largest: false, sorted: true);
            double[] v = bestValues.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            long[] ix = bestIndices.cpu().data<long>().ToArray();
            Array.Copy(v, 0, values, start * k, v.Length);
            for (int c = 0; c < ix.Length; c++) indices[start * k + c] = (int)ix[c];
        }
        return new CandidateSet(k, values, indices);
    }

    /// <summary>Column means in float64 (rows summed in parallel chunks, then the chunks).</summary>
    private static double[] ColumnMeans(PointMatrix points)
    {
        int d = points.Columns, chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, points.Rows / 64));
        var partial = new double[chunks][];
        Parallel.For(0, chunks, t =>
        {
            var sum = new double[d];
            for (int i = points.Rows * t / chunks; i < points.Rows * (t + 1) / chunks; i++) AddRow(points.Row(i), sum);
            partial[t] = sum;
        });
        var mean = new double[d];
        foreach (double[] sum in partial)
            for (int c = 0; c < d; c++) mean[c] += sum[c];
        for (int c = 0; c < d; c++) mean[c] /= points.Rows;
        return mean;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRow(ReadOnlySpan<float> row, double[] sum)
    {
        int c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double s = ref sum[0];
            for (; c + 8 <= row.Length; c += 8)
            {
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.Create(row.Slice(c, 8)));
                (Vector256.LoadUnsafe(ref s, (nuint)c) + lower).StoreUnsafe(ref s, (nuint)c);
                (Vector256.LoadUnsafe(ref s, (nuint)c + 4) + upper).StoreUnsafe(ref s, (nuint)c + 4);
            }
        }
        for (; c < row.Length; c++) sum[c] += row[c];
    }

    /// <summary>The centred points fl(x − mean) as an N × D float32 tensor on <paramref name="device"/>, written in place
    /// on the CPU (no intermediate array), and the norms of the rounded rows.</summary>
    private static Tensor Centre32(PointMatrix points, double[] mean, Device device, out double[] norms)
    {
        int d = points.Columns;
        var rowNorms = new double[points.Rows];
        Tensor host = empty([points.Rows, d], dtype: ScalarType.Float32);
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, points.Rows / 64));
        Parallel.For(0, chunks, t =>
        {
            Span<float> target = MemoryMarshal.Cast<byte, float>(host.bytes);
            for (int i = points.Rows * t / chunks; i < points.Rows * (t + 1) / chunks; i++)
                rowNorms[i] = CentreRow(points.Row(i), mean, target.Slice(i * d, d));
        });
        norms = rowNorms;
        return device.type == DeviceType.CPU ? host : host.to(device);
    }

    private static double[] Centre64(PointMatrix points, double[] mean, out double[] norms)
    {
        var centred = new double[points.Values.Length];
        var n = new double[points.Rows];
        Parallel.For(0, points.Rows, i => n[i] = CentreRow(points.Row(i), mean, centred.AsSpan(i * points.Columns, points.Columns)));
        norms = n;
        return centred;
    }

    /// <summary>target = fl(row − mean); returns ‖target‖ (of the rounded values, in float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CentreRow(ReadOnlySpan<float> row, double[] mean, Span<float> target)
    {
        double s = 0;
        int c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same operations as the loop below, 8 lanes at a time: widen, subtract in float64, round to float32.
            ref double m = ref mean[0];
            Vector256<double> squares = Vector256<double>.Zero;
            for (; c + 8 <= row.Length; c += 8)
            {
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.Create(row.Slice(c, 8)));
                Vector256<float> rounded = Vector256.Narrow(lower - Vector256.LoadUnsafe(ref m, (nuint)c), upper - Vector256.LoadUnsafe(ref m, (nuint)c + 4));
                rounded.CopyTo(target.Slice(c, 8));
                (Vector256<double> a, Vector256<double> b) = Vector256.Widen(rounded);
                squares += a * a + b * b;
            }
            s = Vector256.Sum(squares);
        }
        for (; c < row.Length; c++)
        {
            target[c] = (float)(row[c] - mean[c]);
            s += (double)target[c] * target[c];
        }
        return Math.Sqrt(s);
    }

    /// <summary>target = row − mean in float64; returns ‖target‖.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CentreRow(ReadOnlySpan<float> row, double[] mean, Span<double> target)
    {
        double s = 0;
        for (int c = 0; c < row.Length; c++)
        {
            target[c] = row[c] - mean[c];
            s += target[c] * target[c];
        }
        return Math.Sqrt(s);
    }

}

/// <summary>
/// The k smallest c̃ of every row seen so far (ascending, with their column), and the k-th of each row in a dense
/// array for the vectorised threshold compare. Only values strictly below a row's k-th enter, so the final set is the
/// k smallest values whatever the order of the blocks (equal values: any of them, which the proof allows).
/// </summary>
internal sealed class RunningCandidates
{
    private readonly int k;
    private readonly float[] values;
    private readonly int[] indices;
    private readonly float[] kth;

    public RunningCandidates(int n, int k)
    {
        this.k = k;
        values = new float[n * k];
        indices = new int[n * k];
        kth = new float[n];
        values.AsSpan().Fill(float.PositiveInfinity);
        kth.AsSpan().Fill(float.PositiveInfinity);
    }

    /// <summary>Row <paramref name="i"/> against columns j0…: c̃ = (‖xᵢ‖² + ‖xⱼ‖²) − 2pⱼ, self excluded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScanRow(ReadOnlySpan<float> products, int i, int j0, float[] squaredNorms)
    {
        float threshold = kth[i], ni = squaredNorms[i];
        ref float p = ref MemoryMarshal.GetReference(products);
        ref float nj = ref squaredNorms[j0];
        int width = products.Length, c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> rowNorm = Vector256.Create(ni);
            for (; c + 8 <= width; c += 8)
            {
                Vector256<float> m = Vector256.LoadUnsafe(ref p, (nuint)c);
                Vector256<float> v = (rowNorm + Vector256.LoadUnsafe(ref nj, (nuint)c)) - (m + m);
                uint mask = Vector256.LessThan(v, Vector256.Create(threshold)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int b = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    float x = v.GetElement(b);
                    if (x < threshold && j0 + c + b != i) threshold = Insert(i, x, j0 + c + b);
                }
            }
        }
        for (; c < width; c++)
        {
            float m = Unsafe.Add(ref p, c);
            float x = (ni + Unsafe.Add(ref nj, c)) - (m + m);
            if (x < threshold && j0 + c != i) threshold = Insert(i, x, j0 + c);
        }
    }

    /// <summary>Columns c0…c1−1 of a block of <paramref name="rows"/> × <paramref name="width"/> products (rows i0…,
    /// columns j0…): each column's point gets the rows as candidates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScanColumns(ReadOnlySpan<float> products, int rows, int width, int c0, int c1, int i0, int j0, float[] squaredNorms)
    {
        ref float nj = ref squaredNorms[j0];
        ref float threshold = ref kth[j0];
        for (int r = 0; r < rows; r++)
        {
            ref float p = ref MemoryMarshal.GetReference(products.Slice(r * width, width));
            float ni = squaredNorms[i0 + r];
            int c = c0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> rowNorm = Vector256.Create(ni);
                for (; c + 8 <= c1; c += 8)
                {
                    Vector256<float> m = Vector256.LoadUnsafe(ref p, (nuint)c);
                    Vector256<float> v = (rowNorm + Vector256.LoadUnsafe(ref nj, (nuint)c)) - (m + m);
                    uint mask = Vector256.LessThan(v, Vector256.LoadUnsafe(ref threshold, (nuint)c)).ExtractMostSignificantBits();
                    while (mask != 0)
                    {
                        int b = System.Numerics.BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        float x = v.GetElement(b);
                        if (x < Unsafe.Add(ref threshold, c + b)) Insert(j0 + c + b, x, i0 + r);
                    }
                }
            }
            for (; c < c1; c++)
            {
                float m = Unsafe.Add(ref p, c);
                float x = (ni + Unsafe.Add(ref nj, c)) - (m + m);
                if (x < Unsafe.Add(ref threshold, c)) Insert(j0 + c, x, i0 + r);
            }
        }
    }

    /// <summary>Inserts (x, j) into row i's sorted list, dropping its k-th; returns the new k-th.</summary>
    private float Insert(int i, float x, int j)
    {
        int start = i * k, p = k - 1;
        while (p > 0 && values[start + p - 1] > x)
        {
            values[start + p] = values[start + p - 1];
            indices[start + p] = indices[start + p - 1];
            p--;
        }
        values[start + p] = x;
        indices[start + p] = j;
        return kth[i] = values[start + k - 1];
    }

    public CandidateSet ToCandidateSet()
    {
        var wide = new double[values.Length];
        for (int c = 0; c < values.Length; c++) wide[c] = values[c];
        return new CandidateSet(k, wide, (int[])indices.Clone());
    }
}
