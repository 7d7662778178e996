#!/usr/bin/env bash
# The experiments of docs/results/experiments.md (issue 16, item 6), each a `mlseg experiment`: a method against the
# baseline (or an ablation of itself) over the same seeds, budget, data and network, paired t-test on the per-seed
# class-mean Dice. Finished runs are reused, so the script continues where a stopped one ended.
#   scripts/experiments.sh [work folder] [experiment names…]   (default: runs/experiments, every experiment)
# MLSEG_DLL=path/to/mlseg.dll runs that build (a copy, say, so that rebuilding the tree cannot disturb the runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(realpath -m "${1:-runs/experiments}")"
shift || true
[ -n "${MLSEG_DLL:-}" ] || dotnet build "$root/src/Cli" -c Release -v quiet -nologo > /dev/null
mlseg=(dotnet "${MLSEG_DLL:-$root/src/Cli/bin/Release/net10.0/mlseg.dll}")

# Every experiment: 5 seeds of 8 images a step, U-Net depth 3, width 8, 2 decoding workers. Steps: 300 (the first
# round), or 1000 where the baseline's validation Dice has reached its plateau (docs/results/experiments.md).
common=(--seeds 5 --batch-size 8 --depth 3 --width 8 --workers 2 --quiet)
short=(--steps 300)
long=(--steps 1000)
hippocampus="$work/data/colin27-hippocampus-32"
lobes="$work/data/colin27-lobes"
lobe_holes="$work/data/colin27-lobes-validation-holes"
# MaskSup's preset rate (Adam 1e-4) left both arms far from converged at this budget (baseline Dice 0.17 on Occlusion),
# so its experiments give both arms 1e-3; everything else of the preset (AMSGrad, weight decay 1e-5) stays.
masksup_lr="--lr 1e-3"
declare -A experiments=(
  [colab-synthetic]="--method colab --synthetic-task HeterogeneousBackground --synthetic-count 160 ${short[*]}"
  [masksup-synthetic]="--method masksup $masksup_lr --synthetic-task Occlusion --synthetic-count 160 ${short[*]}"
  [contrastive-synthetic]="--method contrastive --synthetic-task MultipleObjects --synthetic-count 160 ${short[*]}"
  [colab-frozen-generator]="--method colab --against colab:freeze-generator --synthetic-task HeterogeneousBackground --synthetic-count 160 ${short[*]}"
  [masksup-alpha]="--method masksup $masksup_lr --against masksup:beta=0,gamma=0 --synthetic-task Occlusion --synthetic-count 160 ${short[*]}"
  [masksup-alpha-beta]="--method masksup $masksup_lr --against masksup:gamma=0 --synthetic-task Occlusion --synthetic-count 160 ${short[*]}"
  [contrastive-image-level]="--method contrastive --against contrastive:labels=ImageId --synthetic-task MultipleObjects --synthetic-count 160 ${short[*]}"
  [colab-colin27]="--method colab --data $hippocampus/train --validation-data $hippocampus/validation ${long[*]}"
  [masksup-colin27]="--method masksup $masksup_lr --data $lobes/train --validation-data $lobes/validation --evaluation-data $lobe_holes ${long[*]}"
  [contrastive-colin27]="--method contrastive --data $lobes/train --validation-data $lobes/validation ${long[*]}"
  [masksup-synthetic-1000]="--method masksup $masksup_lr --synthetic-task Occlusion --synthetic-count 160 ${long[*]}"
  [contrastive-synthetic-1000]="--method contrastive --synthetic-task MultipleObjects --synthetic-count 160 ${long[*]}"
  [colab-synthetic-1000]="--method colab --synthetic-task HeterogeneousBackground --synthetic-count 160 ${long[*]}"
  [colab-frozen-generator-1000]="--method colab --against colab:freeze-generator --synthetic-task HeterogeneousBackground --synthetic-count 160 ${long[*]}"
  [contrastive-image-level-1000]="--method contrastive --against contrastive:labels=ImageId --synthetic-task MultipleObjects --synthetic-count 160 ${long[*]}"
  [masksup-alpha-1000]="--method masksup $masksup_lr --against masksup:beta=0,gamma=0 --synthetic-task Occlusion --synthetic-count 160 ${long[*]}"
  [masksup-alpha-beta-1000]="--method masksup $masksup_lr --against masksup:gamma=0 --synthetic-task Occlusion --synthetic-count 160 ${long[*]}"
)
order=(colab-synthetic masksup-synthetic contrastive-synthetic colab-frozen-generator masksup-alpha masksup-alpha-beta contrastive-image-level
  colab-colin27 masksup-colin27 contrastive-colin27 masksup-synthetic-1000 contrastive-synthetic-1000 colab-synthetic-1000
  colab-frozen-generator-1000 contrastive-image-level-1000 masksup-alpha-1000 masksup-alpha-beta-1000)
(($#)) && order=("$@")

[ -d "$hippocampus" ] || "${mlseg[@]}" dataset colin27-aal --out "$hippocampus" --label 37 --size 32
[ -d "$lobes" ] || "${mlseg[@]}" dataset colin27-lobes --out "$lobes"
[ -d "$lobe_holes" ] || "${mlseg[@]}" dataset holes --data "$lobes/validation" --out "$lobe_holes"
for name in "${order[@]}"; do
  [ -n "${experiments[$name]:-}" ] || { echo "unknown experiment '$name': use ${!experiments[*]}" >&2; exit 2; }
  echo "== $name: mlseg experiment ${experiments[$name]} ${common[*]}"
  # shellcheck disable=SC2086 # the table's options are words
  "${mlseg[@]}" experiment ${experiments[$name]} "${common[@]}" --out "$work/$name"
done
