using Workflow.Pipeline.Slurm;

namespace Workflow.Cli.Tests.Slurm;

public sealed class SbatchScriptTests
{
    private static readonly SbatchJob Embed = new("Embed", ["vit", "beit"], ["dotnet", "/opt/idim/idim.dll", "embed", "--experiment", "/data/x.yaml", "--unit", SbatchScript.UnitPlaceholder], ["41"], UsesGpu: true);

    [Fact]
    public void Should_AskForOneArrayTaskPerUnit_When_WritingAStagesScript()
    {
        string script = SbatchScript.Build(Embed, new SlurmSettings(), "demo", "/art/demo/logs", "/art");

        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("#SBATCH --array=0-1\n", script);
        Assert.Contains("#SBATCH --job-name=idim-demo-embed\n", script);
        Assert.Contains("#SBATCH --output=/art/demo/logs/embed-%A_%a.log\n", script);
        Assert.Contains("#SBATCH --dependency=afterok:41\n", script);
        Assert.Contains("#SBATCH --kill-on-invalid-dep=yes\n", script);
        Assert.Contains("units=('vit' 'beit')\n", script);
        Assert.Contains("unit=\"${units[$SLURM_ARRAY_TASK_ID]}\"\n", script);
        Assert.EndsWith("exec 'dotnet' '/opt/idim/idim.dll' 'embed' '--experiment' '/data/x.yaml' '--unit' \"$unit\"\n", script);
    }

    [Fact]
    public void Should_WriteEveryResource_When_SettingsGiveThem()
    {
        var settings = new SlurmSettings { Partition = "gpu", Account = "lab", GpusPerTask = 1, CpusPerTask = 8, Mem = "32G", Time = "02:00:00" };

        string embed = SbatchScript.Build(Embed, settings, "demo", "/logs", "/art");
        string twonn = SbatchScript.Build(Embed with { Stage = "TwoNN", UsesGpu = false, AfterOk = [] }, settings, "demo", "/logs", "/art");

        foreach (string line in new[] { "--partition=gpu", "--account=lab", "--cpus-per-task=8", "--mem=32G", "--time=02:00:00" })
        {
            Assert.Contains($"#SBATCH {line}\n", embed);
            Assert.Contains($"#SBATCH {line}\n", twonn);
        }
        Assert.Contains("#SBATCH --gpus-per-task=1\n", embed);
        Assert.DoesNotContain("--gpus-per-task", twonn); // CPU-only stages never hold a GPU
        Assert.DoesNotContain("--dependency", twonn);
    }

    [Fact]
    public void Should_QuoteWordsForBash_When_TheyHoldSpacesOrQuotes()
    {
        Assert.Equal("'a b'", SbatchScript.Quote("a b"));
        Assert.Equal("'it'\\''s'", SbatchScript.Quote("it's"));
        Assert.Equal("'$HOME'", SbatchScript.Quote("$HOME")); // no expansion inside single quotes
    }

    [Fact]
    public void Should_LetCommandLineWin_When_MergingSettings()
    {
        var fromYaml = new SlurmSettings { Partition = "cpu", Mem = "8G", ExtraArguments = ["--qos=long"] };
        var merged = fromYaml.With(new SlurmSettings { Partition = "gpu", ExtraArguments = ["--constraint=a100"] });

        Assert.Equal("gpu", merged.Partition);
        Assert.Equal("8G", merged.Mem);
        Assert.Equal(["--qos=long", "--constraint=a100"], merged.ExtraArguments);
    }
}
