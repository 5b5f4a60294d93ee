using System.CommandLine;
using Workflow.Cli.Stages;

namespace Workflow.Cli.Commands;

/// <summary><c>idim embed --experiment X</c>: the Embed stage (one cached unit per model).</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var stage = new StageOptions();
        var command = new Command("embed",
            "The Embed stage: run every model of the experiment on the selected images (the model's own image processor, " +
            "batched forward) and write one Parquet file per model × layer (index, label, vector) to artifacts/<experiment>/embeddings/. " +
            "Models whose inputs are unchanged are skipped; only new or changed models are embedded.");
        stage.AddTo(command, withDevice: true, withNumerics: true);
        command.SetAction(result => StageCommand.RunStage(stage.Read(result), EmbedStage.Run));
        return command;
    }
}
