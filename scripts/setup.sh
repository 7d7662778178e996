#!/usr/bin/env bash
# Installs what is missing (Debian packages; NuGet restores TorchSharp, libtorch and
# ONNX Runtime), then builds the solution. Idempotent: a second run only checks and
# rebuilds what changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# Debian packages: ONNX's schema (compiled into the exporter) and checker, PyTorch and
# Pillow as numeric references for tests and benchmarks, real images and volumes for
# tests, Chromium to check that run reports render. The engine itself comes from NuGet.
packages=(libonnx-dev python3-onnx python3-torch python3-pil mricron-data python3-skimage chromium)
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


say "building the solution"
dotnet build "$root/MLSegmentation.sln" -c Release -nologo -v quiet -clp:NoSummary\;ErrorsOnly
