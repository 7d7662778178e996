#!/usr/bin/env bash
# The full file fuzz run (issue 17, item 1): 1000 seeded mutants each of NIfTI (.nii, .nii.gz), class-name files, CSV and
# JSON manifests (FileFuzzTests), ONNX models and saved ML.NET models (ModelFileFuzzTests) and checkpoints
# (CheckpointFuzzTests: saved models, and training checkpoints through --resume's restore); each must read or fail with the documented exception naming the file, within 5 s.
# CI runs 150 of each. The image codecs have their own run: bench/fuzz-codecs.sh.
#   bench/fuzz-files.sh [mutants per format]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MLSEG_FUZZ_MUTANTS="${1:-1000}"
for project in Transforms Onnx Trainers; do
  dotnet build "$root/tests/MLSegmentation.$project.Tests" -c Release -v quiet -nologo >&2
  dotnet test "$root/tests/MLSegmentation.$project.Tests" -c Release --no-build \
    --filter "FullyQualifiedName~FileFuzzTests|FullyQualifiedName~ModelFileFuzzTests|FullyQualifiedName~CheckpointFuzzTests" \
    --logger "console;verbosity=normal" | grep -E "mutants|Passed|Failed" || true
done
