#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs the test projects and
# prints one closing line "N passed, N failed, N skipped" counted from the results.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
bash scripts/setup.sh || { echo "0 passed, 1 failed"; echo "test.sh: the build failed" >&2; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
# One project at a time: the suites measure memory and use both cores.
dotnet test "$root/MLSegmentation.sln" -c Release --no-build -m:1 -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

read -r passed failed skipped < <(bash "$root/scripts/count-results.sh" "$results")
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$status" -ne 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
