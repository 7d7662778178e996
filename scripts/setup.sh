#!/usr/bin/env bash
# Installs what is missing (Debian packages, ONNX Runtime), then builds the native
# layer and the solution. Idempotent: a second run only checks and rebuilds what changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# Debian packages: the engine (libtorch, OpenBLAS), the ONNX checker, image codecs,
# PyTorch for parity tests and benchmarks, real images and volumes for tests,
# Chromium to check that run reports render.
packages=(libtorch-dev libopenblas0-pthread libonnx-dev python3-onnx python3-torch
          python3-pil mricron-data python3-skimage chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi


# Native layer. LIBTORCH=/path/to/libtorch builds against another libtorch (a CUDA one).
build_dir="$root/artifacts/native-build"
cmake_args=(-S "$root/src/Native" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release)
if [ ! -f "$build_dir/CMakeCache.txt" ] || [ "${LIBTORCH:-}" != "$(cat "$build_dir/.libtorch" 2>/dev/null)" ]; then
  say "configuring the native layer${LIBTORCH:+ against $LIBTORCH}"
  cmake "${cmake_args[@]}" >/dev/null
  printf '%s' "${LIBTORCH:-}" > "$build_dir/.libtorch"
fi
say "building the native layer"
cmake --build "$build_dir" -j "$(nproc)" -- --no-print-directory | grep -vE '^\[|^Consolidate|^$' >&2 || true
test -f "$build_dir/libmlseg_native.so" || { echo "setup: the native build produced no libmlseg_native.so" >&2; exit 1; }
mkdir -p "$root/artifacts/native"
cmp -s "$build_dir/libmlseg_native.so" "$root/artifacts/native/libmlseg_native.so" ||
  cp "$build_dir/libmlseg_native.so" "$root/artifacts/native/libmlseg_native.so"

say "building the solution"
dotnet build "$root/MLSegmentation.sln" -c Release -nologo -v quiet -clp:NoSummary\;ErrorsOnly
