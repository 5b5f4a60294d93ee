using System.CommandLine;
using System.Globalization;
using Workflow.Core.Numerics;
using Workflow.Torch.Models;
using Workflow.Torch.Rehearsal;

namespace Workflow.Cli.Commands;

/// <summary><c>idim bench forward</c>: images/s of a ViT-base-sized random model (docs/benchmarks.md, issue 4).</summary>
internal static class BenchForwardCommand
{
    public static Command Create()
    {
        var batch = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 32 };
        // No DefaultValueFactory: System.CommandLine would render an array default as "[default: float32|bfloat16]".
        var dtypes = new Option<string[]>("--dtype") { Description = "One or more of float32, bfloat16, float16 (default: float32 bfloat16).", AllowMultipleArgumentsPerToken = true };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs after one warm-up run.", DefaultValueFactory = _ => 3 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong([.. Workflow.Torch.Runtime.ComputeDevice.Choices]);
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch (0: libtorch's default, one per core)." };
        var family = new Option<string>("--family")
        {
            Description = "The model_type to time at base size: vit (ViT-B/16), " + string.Join(", ", FamilyForwardBenchmark.Families.Select(f => f.ModelType)) +
                          ", swin (Swin-T), convnext (ConvNeXt-T) or resnet (ResNet-50), all at 224 px.",
            DefaultValueFactory = _ => "vit",
        };
        family.AcceptOnlyFromAmong(["vit", .. FamilyForwardBenchmark.Families.Select(f => f.ModelType), .. HierarchicalBenchmarkModel.All.Select(m => m.Family)]);
        var numerics = NumericsOption.Create();
        var size = new Option<string>("--size")
        {
            Description = "vit only: base, large or huge (the real config.json of google/vit-base-patch16-224, -large-patch16-224, -huge-patch14-224-in21k).",
            DefaultValueFactory = _ => "base",
        };
        size.AcceptOnlyFromAmong([.. ArchitectureSizes.Names]);
        var command = new Command("forward",
            "Time a model's forward at the size of a published checkpoint (ViT-B/16 unless --family / --size say otherwise; random weights; all hidden states), " +
            "each timed run followed by the kernel that dominates its cost, and print the forward's rate as a share of that kernel's (docs/benchmarks.md).")
        {
            batch, dtypes, repeats, device, threads, family, numerics, size,
        };
        command.SetAction(parse =>
        {
            NumericsOption.Apply(parse, numerics);
            Workflow.Torch.Runtime.TorchRuntime.EnsureLoaded();
            if (parse.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            if (parse.GetValue(family) != "vit")
            {
                string name = parse.GetValue(family)!;
                return HierarchicalBenchmarkModel.All.Any(m => m.Family == name)
                    ? HierarchicalBenchForward.Run(HierarchicalBenchmarkModel.For(name), parse.GetValue(dtypes)!,
                        parse.GetValue(batch), parse.GetValue(device)!, parse.GetValue(repeats))
                    : BenchForwardFamily.Run(FamilyForwardBenchmark.For(name), parse.GetValue(batch), parse.GetValue(dtypes)!,
                        parse.GetValue(device)!, parse.GetValue(repeats));
            }
            foreach (string name in parse.GetValue(dtypes) is { Length: > 0 } chosen ? chosen : ["float32", "bfloat16"])
            {
                VisionConfig config = ArchitectureSizes.Config(parse.GetValue(size)!);
                ForwardBenchmarkResult r = ForwardBenchmark.Run(config, parse.GetValue(batch),
                    PretrainedVisionModel.ParseDType(name), parse.GetValue(device)!, parse.GetValue(repeats));
                // ViT-base forward: ≈ 35.1 GFLOP per image (2 × multiply-adds of every Linear, conv and attention product).
                ForwardBenchmarkLines.Write(name, r, ArchitectureSizes.ForwardGflop(config));
            }
            return 0;
        });
        return command;
    }
}
