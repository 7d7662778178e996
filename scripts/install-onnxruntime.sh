#!/usr/bin/env bash
# ONNX Runtime 1.30 (CPU) from the npm package onnxruntime-node: fetched once with
# `npm pack` (no install script runs) into a cache outside the clone, then the Linux
# x64 library is extracted to artifacts/onnxruntime/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=1.30.0
target="$root/artifacts/onnxruntime/libonnxruntime.so.1"
[ -f "$target" ] && exit 0
cache="${MLSEG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlsegmentation}"
tarball="$cache/onnxruntime-node-$version.tgz"
mkdir -p "$cache" "$(dirname "$target")"
if [ ! -f "$tarball" ]; then
  echo "[setup] fetching onnxruntime-node@$version (113 MB, once)" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "onnxruntime-node@$version" >/dev/null 2>&1)
  mv "$tmp/onnxruntime-node-$version.tgz" "$tarball.part" && mv "$tarball.part" "$tarball"
  rm -rf "$tmp"
fi
tmp="$(mktemp -d)"
tar -xzf "$tarball" -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
mv "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$target.part" && mv "$target.part" "$target"
rm -rf "$tmp"
