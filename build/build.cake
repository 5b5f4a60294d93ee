// The task graph, nothing else: each stage task is one call into the product (`idim <stage>`); the
// stage itself decides whether it is up to date (content-hash stage cache, design.md §5).
//
//   Data → Embed → TwoNN → Correlate → Report (default)      Plan: what is stale and why
//   Build, Test, Clean
//
// Arguments: --target=<Task> --experiment=<name|path.yaml> (default demo) --configuration=Release
//            --force (every stage) | --force=<Stage> --device=cpu|cuda|auto --verify --no-wait

var target = Argument("target", "Report");
var configuration = Argument("configuration", "Release");
var experiment = Argument("experiment", "demo");
var force = Argument("force", "");
var device = Argument("device", "");
var verify = HasArgument("verify");
var noWait = HasArgument("no-wait");

// Cake runs with the script's folder (build/) as working directory; everything is relative to the repo root.
var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("Workflow.sln").FullPath;
var cliProject = root.CombineWithFilePath("src/Workflow.Cli/Workflow.Cli.csproj").FullPath;
var idim = root.CombineWithFilePath($"src/Workflow.Cli/bin/{configuration}/net10.0/idim.dll").FullPath;

void Idim(string stage)
{
    var args = new ProcessArgumentBuilder().Append(idim).Append(stage).Append("--experiment").AppendQuoted(experiment);
    if (force == "true" || string.Equals(force, stage, StringComparison.OrdinalIgnoreCase)) args.Append("--force");
    if (!string.IsNullOrEmpty(device) && stage != "plan") args.Append("--device").Append(device);
    if (verify) args.Append("--verify");
    if (noWait) args.Append("--no-wait");
    int exit = StartProcess("dotnet", new ProcessSettings { Arguments = args, WorkingDirectory = root });
    if (exit != 0) throw new CakeException(exit, $"idim {stage} failed (exit code {exit}).");
}

Task("Clean")
    .Description("Delete build outputs (bin/, obj/) and artifacts/.")
    .Does(() =>
{
    CleanDirectories($"{root}/src/**/bin");
    CleanDirectories($"{root}/src/**/obj");
    CleanDirectories($"{root}/tests/**/bin");
    CleanDirectories($"{root}/tests/**/obj");
    CleanDirectory(root.Combine("artifacts"));
});

Task("Build")
    .Description("Build the solution (includes the TorchSharp native fix-up).")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

// Skip even MSBuild's no-op pass (seconds on 2 cores) when idim.dll is newer than every source file.
bool CliIsStale()
{
    if (!FileExists(idim)) return true;
    var built = System.IO.File.GetLastWriteTimeUtc(idim);
    var sources = GetFiles($"{root}/src/**/*.cs") + GetFiles($"{root}/src/**/*.csproj")
        + GetFiles($"{root}/Directory.*.props") + GetFiles($"{root}/Directory.*.targets") + GetFiles($"{root}/build/msbuild/*.cs");
    return sources.Any(f => !f.FullPath.Contains("/obj/") && !f.FullPath.Contains("/bin/")
        && System.IO.File.GetLastWriteTimeUtc(f.FullPath) > built);
}

Task("BuildCli")
    .Description("Build only the idim command (skipped when it is newer than every source file).")
    .WithCriteria(CliIsStale, "idim is up to date with its sources")
    .Does(() =>
{
    DotNetBuild(cliProject, new DotNetBuildSettings
    {
        Configuration = configuration,
        Verbosity = DotNetVerbosity.Quiet,
        NoLogo = true,
        ArgumentCustomization = a => a.Append("-clp:NoSummary"),
    });
});

Task("Test")
    .Description("Run every test project of the solution (xunit); installs Chromium for the browser check if missing.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var install = root.CombineWithFilePath("build/install-chromium.sh");
    if (FileExists(install)) StartProcess("bash", new ProcessSettings { Arguments = install.FullPath, WorkingDirectory = root });
    DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = { "console;verbosity=normal" },
    });
});

Task("Plan")
    .Description("Print, per stage and per model, whether it is up to date or stale and why. Touches no network.")
    .IsDependentOn("BuildCli")
    .Does(() => Idim("plan"));

Task("Data")
    .Description("Download/verify (CIFAR) or generate (calibration) the dataset and select the images per class.")
    .IsDependentOn("BuildCli")
    .Does(() => Idim("data"));

Task("Embed")
    .Description("Run every model of the experiment on the images; one Parquet file per model x layer.")
    .IsDependentOn("Data")
    .Does(() => Idim("embed"));

Task("TwoNN")
    .Description("TwoNN intrinsic dimension per model x layer x class -> twonn.csv.")
    .IsDependentOn("Embed")
    .Does(() => Idim("twonn"));

Task("Correlate")
    .Description("Pearson / Spearman correlations of per-class IDs between models -> correlation.json.")
    .IsDependentOn("TwoNN")
    .Does(() => Idim("correlate"));

Task("Report")
    .Description("The report: artifacts/<experiment>/report/index.html and report.md.")
    .IsDependentOn("Correlate")
    .Does(() => Idim("report"));

// Not a stage: the poster run rehearsed offline (docs/rehearsal.md). --full: real sizes (GBs of random weights).
Task("Rehearse")
    .Description("Rehearse cifar10 + cifar100 against a loopback Hub and Toronto, then check the offline plan (--full: real sizes).")
    .IsDependentOn("BuildCli")
    .Does(() =>
{
    var args = new ProcessArgumentBuilder().Append(idim).Append("rehearse");
    if (HasArgument("full")) args.Append("--full");
    int exit = StartProcess("dotnet", new ProcessSettings { Arguments = args, WorkingDirectory = root });
    if (exit != 0) throw new CakeException(exit, $"idim rehearse failed (exit code {exit}).");
});

Task("Default")
    .Description("The main job (same as Report).")
    .IsDependentOn("Report");

RunTarget(target);
