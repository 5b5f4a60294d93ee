// The task graph, nothing else: each task is one call into the product (see README.md).
// Targets: Clean, Build, Test; Default -> Test.

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
// Cake runs with the script's folder (build/) as working directory; everything is relative to the repo root.
var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("Workflow.sln").FullPath;

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

Task("Test")
    .Description("Run every test project of the solution (xunit).")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = { "console;verbosity=normal" },
    });
});

Task("Default")
    .Description("The main job.")
    .IsDependentOn("Test");

RunTarget(target);
