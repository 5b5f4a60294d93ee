#!/usr/bin/env bash
# Bootstrapper: restore the pinned Cake .NET tool, then run the task graph in build/build.cake.
# All arguments pass through (e.g. --target=Report --experiment=demo). Exit code is Cake's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet cake build/build.cake "$@"
