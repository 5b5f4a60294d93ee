#!/usr/bin/env bash
# Bootstrapper: restore the pinned Cake .NET tool, then run the task graph in build/build.cake.
# All arguments pass through (e.g. --target=Report --experiment=demo). Exit code is Cake's.
set -euo pipefail
caller="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Cake compiles build.cake on every run (≈5 s on 2 cores) unless its script cache is on; it recompiles when the script changes.
export CAKE_SETTINGS_ENABLESCRIPTCACHE="${CAKE_SETTINGS_ENABLESCRIPTCACHE:-true}"
# No ANSI colour codes in a redirected log (probe #23): Cake honours NO_COLOR.
[ -t 1 ] || export NO_COLOR="${NO_COLOR:-1}"

# A relative --experiment path means the caller's directory, not this one: make it absolute before the cd took effect.
# A bare name (demo, cifar10) stays a name unless such a file exists where the caller is.
absolute() {
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) if [ -e "$caller/$1" ] || [[ "$1" == */* || "$1" == *.yaml || "$1" == *.yml ]]; then printf '%s' "$caller/$1"; else printf '%s' "$1"; fi ;;
  esac
}
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --experiment=*) args+=("--experiment=$(absolute "${1#--experiment=}")") ;;
    --experiment) [ $# -ge 2 ] || { echo "error: --experiment needs a value (a name or a path to a YAML file)" >&2; exit 2; }
                  args+=("--experiment=$(absolute "$2")"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

dotnet tool restore >/dev/null
for arg in ${args[@]+"${args[@]}"}; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    cat <<'USAGE'
./build.sh [--target=<Task>] [--experiment=demo|cifar10|cifar100|path.yaml] [--force[=<Stage>]]
           [--device=cpu|cuda|auto] [--numerics=portable|fast] [--verify] [--no-wait] [--configuration=Release]
           [--verbosity=normal]

Runs the idim workflow (the stage graph of `idim graph`: Data -> Embed -> TwoNN -> Correlate -> Report) as a Cake
task graph; each stage recomputes only what changed. Default target: the last stage (Report) on the offline demo
experiment. Targets:
USAGE
    exec dotnet cake build/build.cake --description
  fi
done
exec dotnet cake build/build.cake ${args[@]+"${args[@]}"}
