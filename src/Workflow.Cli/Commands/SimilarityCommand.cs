using Workflow.Pipeline;
using System.CommandLine;
using System.Text.Json.Nodes;
using Workflow.Core.Estimators;
using Workflow.Core.Similarity;
using Workflow.Core.TwoNn;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim similarity &lt;X&gt; &lt;Y&gt; --measure cka|cka-debiased|mknn</c>: how similar two representations of the same
/// images are (rows aligned), with an optional permutation p-value (design.md §10).
/// </summary>
internal static class SimilarityCommand
{
    public static Command Create()
    {
        var x = new Argument<FileInfo?>("x") { Description = "First representation: a 2-D .npy matrix or a Parquet embedding file (rows = images). Omit both with --experiment.", Arity = ArgumentArity.ZeroOrOne };
        var y = new Argument<FileInfo?>("y") { Description = "Second representation of the same images, in the same row order.", Arity = ArgumentArity.ZeroOrOne };
        var measure = new Option<string>("--measure") { Description = "cka (linear CKA), cka-debiased (unbiased HSIC) or mknn (mutual k-NN, Huh et al.).", DefaultValueFactory = _ => "cka" };
        measure.AcceptOnlyFromAmong("cka", "cka-debiased", "mknn");
        var k = new Option<int>("--k") { Description = "mknn: neighbours per image.", DefaultValueFactory = _ => MutualKnn.DefaultK };
        var permutations = new Option<int>("--permutations") { Description = "Row-shuffle null: this many permutations (exact enumeration when n! is not more); 0 = no p-value.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the Monte Carlo permutations.", DefaultValueFactory = _ => 42 };
        var column = new Option<string>("--column") { Description = "For Parquet input: the list<float> column holding the vectors.", DefaultValueFactory = _ => Workflow.Core.IO.EmbeddingParquet.VectorColumn };
        var device = new Option<string>("--device") { Description = "mknn: where the exact neighbour search runs (cpu, cuda or auto).", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("similarity", "Similarity of two representations of the same images: linear CKA, debiased CKA or mutual k-NN alignment. " +
            "With --experiment instead of files: the Similarity stage, every model pair x layer pair x class -> similarity/<a>__<b>.json.")
        {
            x, y, measure, k, permutations, seed, column, device, json,
        };
        var stage = new Stages.StageOptions();
        stage.AddTo(command, withDevice: false, withNumerics: true); // the stage runs libtorch (the graph offers --numerics)
        command.SetAction(parse =>
        {
            if (parse.GetResult(stage.Experiment) is not null)
                return StageCommand.RunStage(stage.Read(parse) with { Device = parse.GetResult(device) is null ? null : parse.GetValue(device) },
                    SimilarityStage.StageName);
            if (parse.GetValue(x) is null || parse.GetValue(y) is null)
            {
                Console.Error.WriteLine("error: give two representations (X.npy|parquet Y.npy|parquet), or --experiment <name> to run the Similarity stage.");
                return 2;
            }
            try
            {
                FileInfo fx = parse.GetValue(x)!, fy = parse.GetValue(y)!;
                PointMatrix px = PointCloudFile.Load(fx, parse.GetValue(column)!).Points, py = PointCloudFile.Load(fy, parse.GetValue(column)!).Points;
                if (px.Rows != py.Rows)
                    throw new InvalidDataException($"{fx.Name} has {px.Rows} rows but {fy.Name} has {py.Rows}; both must hold the same images in the same order.");
                SimilarityMeasure chosen = SimilarityAnalysis.Parse(parse.GetValue(measure)!);
                SimilarityResult result = SimilarityAnalysis.Run(DoubleMatrix.FromPoints(px), DoubleMatrix.FromPoints(py), chosen,
                    parse.GetValue(k), parse.GetValue(permutations), (ulong)parse.GetValue(seed),
                    chosen == SimilarityMeasure.MutualKnn ? Workflow.Torch.Neighbours.TorchNeighbourSearch.Create(parse.GetValue(device)) : null);
                var output = new JsonObject { ["measure"] = SimilarityAnalysis.Name(chosen), ["value"] = result.Value, ["n"] = px.Rows };
                if (chosen == SimilarityMeasure.MutualKnn) output["k"] = parse.GetValue(k);
                if (result.Permutation is { } p)
                {
                    output["p"] = p.P;
                    output["permutations"] = p.Permutations;
                    output["exact"] = p.Exact;
                    output["seed"] = parse.GetValue(seed);
                }
                Console.Out.WriteLine(parse.GetValue(json) ? output.ToJsonString()
                    : FormattableString.Invariant($"{output["measure"]} = {result.Value:G6}") +
                      (result.Permutation is { } q ? FormattableString.Invariant($", p = {q.P:G4} ({q.Permutations} permutations{(q.Exact ? ", exact" : "")})") : ""));
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
}
