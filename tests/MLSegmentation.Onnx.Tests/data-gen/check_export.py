"""Official ONNX checks of exported models: check_model(full_check=True) and strict shape inference.

Usage: check_export.py MODEL.onnx [MODEL.onnx ...]
    Prints one line per model; exits 1 (details on stderr) when any model fails.
Usage: check_export.py --serve
    Reads one model path per line from stdin and answers each with one line, "ok ..." or "FAILED ..."
    (the tests keep one checker process instead of starting Python per model).
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


def serve():
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        try:
            answer = check(path)
        except Exception as e:  # noqa: BLE001 - every failure is an answer
            answer = f"FAILED {path}: {type(e).__name__}: {e}"
        print(answer.replace("\r", " ").replace("\n", " | "), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve() if sys.argv[1:] == ["--serve"] else main(sys.argv[1:]))
