#!/usr/bin/env bash
# Bootstrapper: restore the pinned Cake .NET tool, then run the task graph in build/build.cake.
# All arguments pass through (e.g. --target=Report --experiment=demo). Exit code is Cake's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    cat <<'USAGE'
./build.sh [--target=<Task>] [--experiment=demo|cifar10|cifar100|path.yaml] [--force[=<Stage>]]
           [--device=cpu|cuda|auto] [--verify] [--no-wait] [--configuration=Release] [--verbosity=normal]

Runs the idim workflow (Data -> Embed -> TwoNN -> Correlate -> Report) as a Cake task graph; each stage
recomputes only what changed. Default target: Report on the offline demo experiment. Targets:
USAGE
    exec dotnet cake build/build.cake --description
  fi
done
exec dotnet cake build/build.cake "$@"
