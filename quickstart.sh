#!/usr/bin/env bash
# The main job: installs what is missing, builds, then runs the quick start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$root/scripts/setup.sh"
exec dotnet "$root/examples/Quickstart/bin/Release/net10.0/Quickstart.dll" "$@"
