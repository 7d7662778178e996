"""Official ONNX checks of exported models: check_model(full_check=True) and strict shape inference.

Usage: check_export.py MODEL.onnx [MODEL.onnx ...]
Prints one line per model; exits 1 (details on stderr) when any model fails.
"""
import sys

import onnx
import onnx.checker
import onnx.shape_inference


def check(path):
    onnx.checker.check_model(path, full_check=True)
    model = onnx.load(path)
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    onnx.checker.check_model(inferred, full_check=True)
    opsets = {o.domain: o.version for o in model.opset_import}
    if opsets.get("", 0) < 17:
        raise ValueError(f"default-domain opset {opsets.get('', 0)} < 17")
    return f"ok {path} ir={model.ir_version} opset={opsets.get('', 0)} nodes={len(model.graph.node)}"


def main(paths):
    failed = 0
    for path in paths:
        try:
            print(check(path))
        except Exception as e:  # noqa: BLE001 - report every failure with its type
            failed += 1
            print(f"FAILED {path}: {type(e).__name__}: {e}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
