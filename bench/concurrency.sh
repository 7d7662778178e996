#!/usr/bin/env bash
# The full concurrency run (issue 17, item 3): 8 threads, half through one ML.NET SegmentationTransformer and half through
# one OnnxSegmenter, 4 rounds of 1000 images each, every mask compared with the single-threaded run's, resident memory
# after each round. CI runs 120 images per round.
#   bench/concurrency.sh [images per round]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/tests/MLSegmentation.Onnx.Tests" -c Release -v quiet -nologo >&2
MLSEG_CONCURRENCY_IMAGES="${1:-1000}" dotnet test "$root/tests/MLSegmentation.Onnx.Tests" -c Release --no-build \
  --filter "FullyQualifiedName~EightThreadsThroughOneSegmenterAndOneMLNetTransformer" --logger "console;verbosity=normal" | grep -E "masks compared|Passed|Failed"
