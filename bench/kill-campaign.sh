#!/usr/bin/env bash
# The full SIGKILL campaign (issue 17, item 2): 50 kills at seeded random moments of `mlseg train` (checkpoint writing
# included), `mlseg export` and `mlseg score`, each followed by the check that no half-written file is under a final name
# and that resuming or running again finishes with the uninterrupted run's losses and masks. CI runs 3 per command.
#   bench/kill-campaign.sh [kills per command]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/tests/MLSegmentation.Cli.Tests" -c Release -v quiet -nologo >&2
MLSEG_KILLS="${1:-50}" dotnet test "$root/tests/MLSegmentation.Cli.Tests" -c Release --no-build \
  --filter "FullyQualifiedName~KillTests" --logger "console;verbosity=normal" | grep -E "kills|Passed|Failed"
