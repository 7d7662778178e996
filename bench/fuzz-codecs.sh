#!/usr/bin/env bash
# The full codec fuzz run (issue 15, item 7): 1000 seeded mutations per format (PNG, JPEG, BMP, WebP) by default.
# CI runs a 200-per-format slice (tests/MLSegmentation.Transforms.Tests/CodecFuzzTests.cs).
#   bench/fuzz-codecs.sh [mutations per format] [seed]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/MLSegmentation.Bench.FuzzCodecs" -c Release -v quiet -nologo >&2
exec dotnet "$root/bench/MLSegmentation.Bench.FuzzCodecs/bin/Release/net10.0/MLSegmentation.Bench.FuzzCodecs.dll" "$@"
