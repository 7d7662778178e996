#!/usr/bin/env bash
# Adds up the counters of every TRX file under a folder: prints "passed failed skipped".
set -euo pipefail
passed=0 failed=0 skipped=0
shopt -s nullglob globstar
for f in "$1"/**/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted) + $(get inconclusive)))
done
echo "$passed $failed $skipped"
