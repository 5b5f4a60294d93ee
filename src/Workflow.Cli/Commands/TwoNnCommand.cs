using System.CommandLine;
using Workflow.Cli.Stages;
using Workflow.Pipeline;
using Workflow.Core.IO;
using Workflow.Core.TwoNn;
using Workflow.Torch.Neighbours;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim twonn &lt;matrix.npy|file.parquet&gt;</c>: the TwoNN intrinsic dimension of one point cloud (rows = points),
/// optionally per class (design.md §4).
/// </summary>
internal static class TwoNnCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo?>("input")
        {
            Description = "Points, one per row: a 2-D float32/float64 .npy file, or a Parquet file with a list<float> column. " +
                          "Omit it with --experiment to run the TwoNN stage.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var estimator = new Option<string>("--estimator")
        {
            Description = "fit: Facco's least-squares fit (DADApy 'base'); mle: (N-1)/sum(log mu) (DADApy 'ml').",
            DefaultValueFactory = _ => "fit",
        };
        estimator.AcceptOnlyFromAmong("fit", "mle");
        var discard = new Option<double>("--discard-fraction")
        {
            Description = "Fraction of the largest mu dropped by the fit.",
            DefaultValueFactory = _ => TwoNnDefaults.DiscardFraction,
        }.InHalfOpenRange(0, 1);
        var convention = new Option<string>("--convention")
        {
            Description = "Empirical F of the fit: standard (F=i/N: DADApy, scikit-dimension >= 0.3.4) or facco (F=(i-1)/N: Facco's program).",
            DefaultValueFactory = _ => "standard",
        };
        convention.AcceptOnlyFromAmong("standard", "facco");
        var mergeBelow = new Option<double?>("--merge-below")
        {
            Description = "Merge points closer than this times the median r1 (near-duplicates). Off by default.",
        }.Positive();
        var labels = new Option<FileInfo?>("--labels")
        {
            Description = "A 1-D int32/int64 .npy file with one label per row: per-class estimates plus the pooled set.",
        };
        var column = new Option<string>("--column")
        {
            Description = "For Parquet input: the list<float> column holding the vectors.",
            DefaultValueFactory = _ => EmbeddingParquet.VectorColumn,
        };
        var bootstrap = new Option<int>("--bootstrap")
        {
            Description = "Bootstrap resamples of mu for a 95% percentile interval (0 = none).",
            DefaultValueFactory = _ => TwoNnDefaults.BootstrapCount,
        }.AtLeast(0);
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the bootstrap and the decimation.",
            DefaultValueFactory = _ => TwoNnDefaults.Seed,
        };
        var decimation = new Option<int>("--decimation")
        {
            Description = "Random subsets per scale N/2, N/4, ... for the scale analysis (0 = none).",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0);
        var device = new Option<string>("--device")
        {
            Description = "Where distances are computed: cpu, cuda or auto.",
            DefaultValueFactory = _ => "auto",
        };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var search = new Option<string>("--search")
        {
            Description = "Neighbour search: torch (fast, exact) or exact (managed brute force, small N).",
            DefaultValueFactory = _ => "torch",
        };
        search.AcceptOnlyFromAmong("torch", "exact");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var timing = new Option<bool>("--timing") { Description = "Print the time of each phase to stderr." };

        var command = new Command("twonn",
            "Intrinsic dimension (TwoNN, Facco et al. 2017) of a point cloud, rows = points. With --experiment instead of a file: " +
            "the TwoNN stage, every model × layer × class of the experiment (settings from its twonn section) -> twonn.csv.")
        {
            input, estimator, discard, convention, mergeBelow, labels, column, bootstrap, seed, decimation, device, search, json, timing,
        };
        var stage = new StageOptions();
        stage.AddTo(command, withDevice: false, withNumerics: true);
        command.SetAction(parse =>
        {
            stage.RefuseMixedModes(parse, "twonn",
            [
                (estimator, "twonn.estimator"), (discard, "twonn.discard_fraction"), (convention, "twonn.convention"),
                (mergeBelow, "twonn.merge_below"), (labels, null), (column, null), (bootstrap, "twonn.bootstrap"), (seed, "twonn.seed"),
                (decimation, null), (search, null), (json, null), (timing, null),
            ]);
            if (stage.InStageMode(parse) && parse.GetValue(input) is { } file)
                throw new Workflow.Core.UserError($"Give either a point cloud ({file.Name}) or --experiment, not both: with --experiment the TwoNN stage reads the experiment's embeddings.");
            if (stage.InStageMode(parse))
                return StageCommand.RunStage(stage.Read(parse) with { Device = parse.GetResult(device) is null ? null : parse.GetValue(device) },
                    StageNames.TwoNn);
            if (parse.GetValue(input) is null)
            {
                Console.Error.WriteLine("error: give a point cloud (matrix.npy or file.parquet), or --experiment <name> to run the TwoNN stage.");
                return 2;
            }
            try
            {
                // Before the neighbour search starts loading libtorch on a background thread.
                Workflow.Torch.Runtime.TorchNumerics.Configure(Workflow.Core.Numerics.NumericsModes.Parse(parse.GetValue(stage.Numerics) ?? "portable"));
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            try
            {
                var options = new TwoNnOptions
                {
                    Estimator = parse.GetValue(estimator) == "mle" ? TwoNnEstimatorKind.Mle : TwoNnEstimatorKind.Fit,
                    DiscardFraction = parse.GetValue(discard),
                    Convention = parse.GetValue(convention) == "facco" ? TwoNnConvention.Facco : TwoNnConvention.Standard,
                    MergeBelow = parse.GetValue(mergeBelow),
                    BootstrapCount = parse.GetValue(bootstrap),
                    Seed = parse.GetValue(seed),
                    DecimationRepeats = parse.GetValue(decimation),
                };
                options.Validate();
                return Run(parse.GetValue(input)!, parse.GetValue(labels), parse.GetValue(column)!, options,
                    parse.GetValue(device)!, parse.GetValue(search)!, parse.GetValue(json), parse.GetValue(timing));
            }
            catch (Exception e) when (e is TwoNnDataException or InvalidDataException or FileNotFoundException or ArgumentException)
            {
                Console.Error.WriteLine("error: " + UserMessage.Of(e));
                return 2;
            }
        });
        return command;
    }

    private static int Run(FileInfo input, FileInfo? labelsFile, string column, TwoNnOptions options, string device, string searchName, bool json, bool timing)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string name)
        {
            if (timing) Console.Error.WriteLine(FormattableString.Invariant($"[{clock.Elapsed.TotalSeconds,7:F3} s] {name}"));
        }
        // Loading libtorch takes a few tenths of a second: start it now, read the file meanwhile.
        Task<INeighbourSearch> searchTask = searchName == "exact"
            ? Task.FromResult<INeighbourSearch>(ExactNeighbourSearch.Instance)
            : NativeExit.Track(Task.Run<INeighbourSearch>(() => TorchNeighbourSearch.Create(device)));
        (PointMatrix points, int[]? labels) = Load(input, column);
        Phase($"read {points.Rows} x {points.Columns}");
        if (labelsFile is not null)
        {
            labels = NpyFile.ReadLabels(labelsFile.FullName);
            if (labels.Length != points.Rows)
                throw new InvalidDataException($"{labelsFile.Name} holds {labels.Length} labels but {input.Name} has {points.Rows} rows; need one label per row.");
        }
        if (searchTask.IsFaulted) searchTask.GetAwaiter().GetResult(); // e.g. --device cuda without a GPU: fail before any work
        var search = new DeferredNeighbourSearch(searchTask);
        if (timing) searchTask.ContinueWith(_ => Phase("neighbour search ready (libtorch loaded)"), TaskScheduler.Default);
        var output = Console.Out;
        if (labelsFile is null)
        {
            TwoNnResult result = TwoNnAnalysis.Run(points, search, options);
            Phase("estimated");
            output.WriteLine(json ? TwoNnResultJson.Serialize(result) : Describe(result));
            Phase("written");
            return 0;
        }
        // The torch search is multi-threaded itself: one job at a time.
        PerClassTwoNnResult perClass = PerClassTwoNn.Run(points, labels!, search, options, maxDegreeOfParallelism: searchName == "exact" ? -1 : 1);
        if (json)
        {
            output.WriteLine(TwoNnResultJson.Serialize(perClass));
            return 0;
        }
        output.WriteLine("all:      " + Describe(perClass.All));
        foreach (ClassTwoNnResult c in perClass.Classes)
            output.WriteLine(FormattableString.Invariant($"class {c.Label,3}: ") + (c.Result is null ? "no estimate: " + c.Error : Describe(c.Result)));
        return 0;
    }

    private static (PointMatrix, int[]?) Load(FileInfo input, string column)
    {
        if (Directory.Exists(input.FullName))
            throw new InvalidDataException($"{input.FullName} is a folder; give a .npy or .parquet file of points.");
        if (!input.Exists) throw new FileNotFoundException($"No such file: {input.FullName}", input.FullName);
        if (input.Extension.Equals(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            EmbeddingTable table = EmbeddingParquet.Read(input.FullName, column);
            return (table.Vectors, table.Labels);
        }
        return (NpyFile.ReadMatrix(input.FullName), null);
    }

    private static string Describe(TwoNnResult r)
    {
        string how = r.Estimator == "fit"
            ? FormattableString.Invariant($"fit, {r.Convention}, discard {r.DiscardFraction}, R2 = {r.R2:F4}")
            : "mle, " + r.MleForm;
        string interval = r.CiLow is { } low
            ? FormattableString.Invariant($", {r.ConfidenceLevel * 100:G3}% CI [{low:G5}, {r.CiHigh:G5}]")
            : "";
        string text = FormattableString.Invariant(
            $"id = {r.Id:G6} ({how}){interval}; n = {r.N}, used {r.NUsed}, duplicates {r.Duplicates}, merged {r.Merged}, ties {r.Ties}; search {r.Search}");
        if (EstimateReliability.Note(r.NUsed, r.Id) is { } note) text += "\n  warning: " + note;
        foreach (TwoNnScalePoint s in r.Scaling)
            text += FormattableString.Invariant($"\n  scale n = {s.N,7}: {s.Mean:G5} +- {s.Sd:G3} ({s.Repeats} subsets)");
        return text;
    }
}
