// The task graph, nothing else — and not even the stage list: the stages, their order and the options each takes come
// from the product itself (`idim graph --json`, the one declared graph; design.md §8), and one task is made per stage,
// so `--target=<Stage>` works for every stage there is. Each stage task is one call into the product
// (`idim <stage>`); the stage decides whether it is up to date (content-hash stage cache, design.md §5).
//
//   <stages from idim graph> (default: the last one, Report)      Plan: what is stale and why
//   Build, BuildCli, Test, Clean
//
// Arguments: --target=<Task> --experiment=<name|path.yaml> (default demo) --configuration=Release
//            --force (every stage) | --force=<Stage>[,<Stage>] --device=cpu|cuda|auto --numerics=portable|fast
//            --verify --no-wait

using System.Text.Json;

var target = Argument("target", "");
var configuration = Argument("configuration", "Release");
var experiment = Argument("experiment", "demo");
// Cake returns the default for a bare flag (`--force`), so read its presence and its value separately.
string forceValue = HasArgument("force") ? Argument("force", "") : null;
var device = Argument("device", "");
var numerics = Argument("numerics", "");
var verify = HasArgument("verify");
var noWait = HasArgument("no-wait");
// --executor=slurm: the target's stages run as Slurm job arrays (`idim run --executor slurm`, docs/slurm.md).
var executor = Argument("executor", "local");
if (executor != "local" && executor != "slurm") throw new CakeException(2, $"--executor={executor}: expected local or slurm.");

// Cake runs with the script's folder (build/) as working directory; everything is relative to the repo root.
var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("Workflow.sln").FullPath;
var cliProject = root.CombineWithFilePath("src/Workflow.Cli/Workflow.Cli.csproj").FullPath;
var idim = root.CombineWithFilePath($"src/Workflow.Cli/bin/{configuration}/net10.0/idim.dll").FullPath;
var staticTasks = new[] { "Clean", "Build", "BuildCli", "Test" };

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

void BuildCli()
{
    DotNetBuild(cliProject, new DotNetBuildSettings
    {
        Configuration = configuration,
        Verbosity = DotNetVerbosity.Quiet,
        NoLogo = true,
        ArgumentCustomization = a => a.Append("-clp:NoSummary"),
    });
}

// One stage of `idim graph --json`.
sealed record StageInfo(string Name, string Command, string Description, string[] DependsOn, string[] Options);

// The graph, read from the product. Not needed (and the CLI not built for it) when only a static task runs.
List<StageInfo> ReadGraph()
{
    if (CliIsStale()) BuildCli();
    int exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append(idim).Append("graph").Append("--json"),
        WorkingDirectory = root,
        RedirectStandardOutput = true,
    }, out IEnumerable<string> lines);
    if (exit != 0) throw new CakeException(exit, $"`idim graph --json` failed (exit code {exit}).");
    using var json = JsonDocument.Parse(string.Join("\n", lines));
    string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()).ToArray();
    return json.RootElement.GetProperty("stages").EnumerateArray().Select(s => new StageInfo(
        s.GetProperty("name").GetString(), s.GetProperty("command").GetString(), s.GetProperty("description").GetString(),
        Strings(s.GetProperty("depends_on")), Strings(s.GetProperty("options")))).ToList();
}

bool needsGraph = !staticTasks.Any(t => string.Equals(t, target, StringComparison.OrdinalIgnoreCase));
var stages = needsGraph ? ReadGraph() : new List<StageInfo>();
if (target.Length == 0) target = stages.Count > 0 ? stages[^1].Name : "Report";

// --force (bare or =true) forces every stage; --force=false none; --force=<Stage>[,<Stage>] those; anything else is an error.
var forced = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
if (forceValue is not null && !string.Equals(forceValue, "false", StringComparison.OrdinalIgnoreCase))
{
    bool all = forceValue.Length == 0 || string.Equals(forceValue, "true", StringComparison.OrdinalIgnoreCase);
    foreach (string name in all ? stages.Select(s => s.Name) : forceValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        if (needsGraph && !stages.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new CakeException(2, $"--force={forceValue}: there is no stage '{name}'. Stages: {string.Join(", ", stages.Select(s => s.Name))} (or a bare --force for all).");
        forced.Add(name);
    }
}

void Idim(string command, IEnumerable<string> args)
{
    var line = new ProcessArgumentBuilder().Append(idim).Append(command).Append("--experiment").AppendQuoted(experiment);
    foreach (string arg in args) line.Append(arg);
    int exit = StartProcess("dotnet", new ProcessSettings { Arguments = line, WorkingDirectory = root });
    if (exit != 0) throw new CakeException(exit, $"idim {command} failed (exit code {exit}).");
}

// The options a stage's command takes (from the graph): --device and --numerics only where the stage runs libtorch.
IEnumerable<string> StageArguments(StageInfo stage)
{
    if (forced.Contains(stage.Name)) yield return "--force";
    if (verify) yield return "--verify";
    if (noWait) yield return "--no-wait";
    if (device.Length > 0 && stage.Options.Contains("device")) { yield return "--device"; yield return device; }
    if (numerics.Length > 0 && stage.Options.Contains("numerics")) { yield return "--numerics"; yield return numerics; }
}

Task("Clean")
    .Description("Delete build outputs (bin/, obj/) and the experiments' results under artifacts/ (keeps downloads in artifacts/data).")
    .Does(() =>
{
    CleanDirectories($"{root}/src/**/bin");
    CleanDirectories($"{root}/src/**/obj");
    CleanDirectories($"{root}/tests/**/bin");
    CleanDirectories($"{root}/tests/**/obj");
    var artifacts = root.Combine("artifacts");
    if (DirectoryExists(artifacts))
        foreach (var folder in GetDirectories($"{artifacts}/*").Where(d => d.GetDirectoryName() != "data"))
            DeleteDirectory(folder, new DeleteDirectorySettings { Recursive = true, Force = true });
    Information("Kept artifacts/data (downloaded datasets); delete it by hand to download again.");
});

Task("Build")
    .Description("Build the solution (includes the TorchSharp native fix-up).")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

Task("BuildCli")
    .Description("Build only the idim command (skipped when it is newer than every source file).")
    .Does(() =>
{
    // Not a WithCriteria: Cake refuses a target that its criteria skip ("Could not reach target").
    if (CliIsStale()) BuildCli();
    else Information("idim is up to date with its sources.");
});

Task("Test")
    .Description("Run every test project of the solution (xunit); installs Chromium for the browser check if missing.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var install = root.CombineWithFilePath("build/install-chromium.sh");
    if (FileExists(install)) StartProcess("bash", new ProcessSettings { Arguments = install.FullPath, WorkingDirectory = root });
    // The one-node Slurm cluster for SlurmEndToEndTests (installs slurm-wlm + munge when missing; the test skips, saying why, if it cannot start).
    var cluster = root.CombineWithFilePath("build/slurm/local-cluster.sh");
    if (FileExists(cluster)) StartProcess("bash", new ProcessSettings { Arguments = $"{cluster.FullPath} start", WorkingDirectory = root });
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
    .Does(() => Idim("plan", verify ? new[] { "--verify" } : new string[0]));

// One task per stage of the declared graph.
foreach (var stage in stages)
{
    var task = Task(stage.Name).Description(stage.Description).IsDependentOn("BuildCli");
    foreach (string upstream in stage.DependsOn) task.IsDependentOn(upstream);
    task.Does(() =>
    {
        if (executor == "local") Idim(stage.Command, StageArguments(stage));
        // One submission for the whole target: the stage cache decides what is stale, Slurm runs it in graph order.
        else if (string.Equals(stage.Name, target, StringComparison.OrdinalIgnoreCase))
            Idim("run", new[] { "--executor", "slurm", "--target", stage.Name }.Concat(StageArguments(stage).Where(a => a != "--numerics" && a != numerics)));
    });
}

if (stages.Count > 0)
    Task("Default").Description($"The main job (same as {stages[^1].Name}).").IsDependentOn(stages[^1].Name);

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

if (!Tasks.Any(t => string.Equals(t.Name, target, StringComparison.OrdinalIgnoreCase)))
    throw new CakeException(2, $"There is no target '{target}'. Targets: {string.Join(", ", Tasks.Select(t => t.Name))}.");

RunTarget(target);
