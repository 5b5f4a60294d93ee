using System.CommandLine;
using Workflow.Torch.Models;
using Workflow.Torch.Tiny;

namespace Workflow.Cli.Commands;

/// <summary><c>idim make-tiny-model</c>: writes a deterministic tiny checkpoint folder for the offline demo.</summary>
internal static class MakeTinyModelCommand
{
    public static Command Create()
    {
        var family = new Option<string>("--family") { Description = $"The model_type: {string.Join(", ", ModelFamilies.TinyFamilies)}.", Required = true };
        family.AcceptOnlyFromAmong([.. ModelFamilies.TinyFamilies]);
        var seed = new Option<int>("--seed") { Description = "Seed of the weights (same seed, same bytes on every machine).", DefaultValueFactory = _ => 1 }.AtLeast(0, "as tiny.seed in an experiment file");
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write config.json, preprocessor_config.json and model.safetensors to.", Required = true };
        var command = new Command("make-tiny-model",
            "Write a tiny random checkpoint of one model family (32 px images, a few small layers; docs/models.md) in the Hugging Face layout, " +
            "with the flags of the published checkpoints. Loads like any model folder (idim forward --model <folder>).")
        {
            family, seed, output,
        };
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(output)!.FullName;
            ModelFamilies.ForModelType(parse.GetValue(family)!).WriteTiny!(folder, parse.GetValue(seed), new TinyCheckpointOptions());
            Console.Out.WriteLine($"wrote tiny {parse.GetValue(family)} (seed {parse.GetValue(seed)}) to {folder}");
            return 0;
        });
        return command;
    }
}
