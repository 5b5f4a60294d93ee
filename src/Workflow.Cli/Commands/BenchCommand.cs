using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;

namespace Workflow.Cli.Commands;

/// <summary><c>idim bench</c>: <c>twonn</c> times the TwoNN compute (neighbour search + estimate) on seeded Gaussian data; <c>forward</c> and <c>embed</c> live in their own files.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Micro-benchmarks of the product's hot paths (see docs/benchmarks.md).");
        bench.Subcommands.Add(CreateTwoNn());
        bench.Subcommands.Add(BenchForwardCommand.Create());
        bench.Subcommands.Add(BenchEmbedCommand.Create());
        bench.Subcommands.Add(BenchEstimatorsCommand.CreateGride());
        bench.Subcommands.Add(BenchEstimatorsCommand.CreateCka());
        bench.Subcommands.Add(BenchDecodeCommand.Create());
        return bench;
    }

    private static Command CreateTwoNn()
    {
        var n = new Option<int>("--n") { Description = "Points.", DefaultValueFactory = _ => 5000 }.AtLeast(3, "TwoNN needs two neighbours of each point");
        var d = new Option<int>("--d") { Description = "Dimension.", DefaultValueFactory = _ => 1024 }.AtLeast(1);
        var repeats = new Option<int>("--repeats") { Description = "Timed runs after one warm-up run (at least 1).", DefaultValueFactory = _ => 5 };
        repeats.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--repeats must be at least 1.");
        });
        var seed = new Option<int>("--seed") { Description = "Seed of the data.", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong([.. Workflow.Torch.Runtime.ComputeDevice.Choices]);
        var save = new Option<FileInfo?>("--save") { Description = "Also write the data as a float32 .npy file (to time `idim twonn` as a whole process)." };
        var numerics = NumericsOption.Create();
        var command = new Command("twonn", "Time neighbour search + TwoNN fit on N x D standard-normal float32 points.") { n, d, repeats, seed, device, save, numerics };
        command.SetAction(parse =>
        {
            NumericsOption.Apply(parse, numerics);
            PointMatrix points = Gaussian(parse.GetValue(n), parse.GetValue(d), parse.GetValue(seed));
            if (parse.GetValue(save) is { } file)
            {
                NpyFile.WriteMatrix(file.FullName, points);
                Console.Out.WriteLine($"wrote {file.FullName}");
            }
            var search = TorchNeighbourSearch.Create(parse.GetValue(device));
            var options = new TwoNnOptions();
            var times = new List<double>();
            var cpuTimes = new List<double>();
            var process = Process.GetCurrentProcess();
            TorchSearchStatistics? statistics = null;
            double id = 0;
            for (int r = 0; r <= parse.GetValue(repeats); r++)
            {
                process.Refresh();
                TimeSpan cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                (NeighbourDistances nn, statistics) = search.Search(points);
                id = TwoNnEstimator.Estimate(nn.R1, nn.R2, options).Id;
                clock.Stop();
                process.Refresh();
                if (r > 0) cpuTimes.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                if (r > 0) times.Add(clock.Elapsed.TotalSeconds);
                else Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up  {clock.Elapsed.TotalSeconds:F3} s"));
            }
            times.Sort();
            cpuTimes.Sort();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"N = {points.Rows}, D = {points.Columns}, search {search.Name}: compute median {times[times.Count / 2]:F3} s, " +
                $"min {times[0]:F3} s, max {times[^1]:F3} s over {times.Count} runs (process CPU time per run: median {cpuTimes[cpuTimes.Count / 2]:F3} s, " +
                $"min {cpuTimes[0]:F3} s, on {Environment.ProcessorCount} logical CPUs); id = {id:G6}; " +
                $"rows re-searched in float64: {statistics!.Float64Rows}, brute force: {statistics.ExactRows}; " +
                $"last run: prepare {statistics.PrepareSeconds:F3} s, candidates {statistics.CandidateSeconds:F3} s, refine {statistics.RefineSeconds:F3} s"));
            return 0;
        });
        return command;
    }

    /// <summary>Seeded standard-normal points (Box–Muller).</summary>
    private static PointMatrix Gaussian(int rows, int columns, int seed)
    {
        var random = new Workflow.Core.Data.DeterministicRandom((ulong)seed);
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
