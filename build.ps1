# Bootstrapper: restore the pinned Cake .NET tool, then run the task graph in build/build.cake.
# All arguments pass through (e.g. --target=Report --experiment=demo). Exit code is Cake's.
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
if ($args -contains '--help' -or $args -contains '-h') {
    Write-Output './build.ps1 [--target=<Task>] [--experiment=demo|cifar10|cifar100|path.yaml] [--force[=<Stage>]] [--device=cpu|cuda|auto] [--verify] [--no-wait]'
    Write-Output 'Runs the idim workflow (Data -> Embed -> TwoNN -> Correlate -> Report); default target: Report on the offline demo. Targets:'
    dotnet cake build/build.cake --description
    exit $LASTEXITCODE
}
dotnet cake build/build.cake @args
exit $LASTEXITCODE
