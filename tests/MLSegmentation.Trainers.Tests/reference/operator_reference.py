"""The operators the trainers use, computed by PyTorch's torch.nn.functional for OperatorParityTests.

usage: operator_reference.py FOLDER
Reads FOLDER/manifest.json ({"cases": [{"name", "op", "parameters", "inputs": [{"name", "file", "shape", "dtype",
"differentiable"}]}]}) and the raw little-endian inputs it names. For every case the operator gives "output" and
maybe further results (batch norm's updated running statistics); "grad.NAME" is the gradient of
sum(output * cotangent) with respect to every differentiable input. The Hessian-vector case ("hvp") gives the loss as
"output", its gradient "grad.NAME" and "hvp.NAME" instead. Every result is written as FOLDER/CASE.RESULT.f32 (float32); the
names of the results are printed as JSON.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {"float32": np.float32, "float64": np.float64, "int64": np.int64}


def conv(x, p):
    convolution = {(2, False): F.conv2d, (3, False): F.conv3d, (2, True): F.conv_transpose2d, (3, True): F.conv_transpose3d}
    function = convolution[(p["dimensions"], p.get("transposed", False))]
    if p.get("transposed", False):
        return {"output": function(x["x"], x["weight"], x["bias"], stride=p["stride"])}
    return {"output": function(x["x"], x["weight"], x["bias"], stride=p["stride"], padding=p["padding"])}


def batch_norm(x, p):
    mean, var = x["running_mean"].clone(), x["running_var"].clone()
    y = F.batch_norm(x["x"], mean, var, x["weight"], x["bias"], training=p["training"], momentum=0.1, eps=1e-5)
    return {"output": y, "running_mean": mean, "running_var": var}


def interpolate(x, p):
    options = {"mode": p["mode"]}
    if "size" in p:
        options["size"] = p["size"]
    else:
        options["scale_factor"] = p["scale"]
    if p["mode"] in ("bilinear", "trilinear"):
        options["align_corners"] = False
    return {"output": F.interpolate(x["x"], **options)}


def pool(x, p):
    function = {("max", 2): F.max_pool2d, ("max", 3): F.max_pool3d, ("avg", 2): F.avg_pool2d, ("avg", 3): F.avg_pool3d}
    return {"output": function[(p["kind"], x["x"].dim() - 2)](x["x"], p["kernel"], p["stride"], p["padding"])}


def cross_entropy(x, p):
    weight = x.get("weight")
    if "ignore_index" in p:
        return {"output": F.cross_entropy(x["logits"], x["target"], weight=weight, ignore_index=p["ignore_index"])}
    return {"output": F.cross_entropy(x["logits"], x["target"], weight=weight)}


OPS = {
    "conv": conv,
    "batch_norm": batch_norm,
    "instance_norm": lambda x, p: {"output": F.instance_norm(x["x"], weight=x["weight"], bias=x["bias"], use_input_stats=True, eps=1e-5)},
    "group_norm": lambda x, p: {"output": F.group_norm(x["x"], p["groups"], x["weight"], x["bias"], eps=1e-5)},
    "pool": pool,
    "interpolate": interpolate,
    "relu": lambda x, p: {"output": F.relu(x["x"])},
    "leaky_relu": lambda x, p: {"output": F.leaky_relu(x["x"], p["slope"])},
    "sigmoid": lambda x, p: {"output": torch.sigmoid(x["x"])},
    "softmax": lambda x, p: {"output": F.softmax(x["x"], p["dim"])},
    "log_softmax": lambda x, p: {"output": F.log_softmax(x["x"], p["dim"])},
    "cross_entropy": cross_entropy,
    "binary_cross_entropy": lambda x, p: {"output": F.binary_cross_entropy(x["x"], x["target"], reduction=p["reduction"])},
    "binary_cross_entropy_with_logits": lambda x, p: {"output": F.binary_cross_entropy_with_logits(x["x"], x["target"])},
    "mse_loss": lambda x, p: {"output": F.mse_loss(x["x"], x["target"])},
    "normalize": lambda x, p: {"output": F.normalize(x["x"], p=2.0, dim=p["dim"])},
    "pad": lambda x, p: {"output": F.pad(x["x"], p["pad"], mode="constant", value=0.0)},
    "cat_narrow": lambda x, p: {"output": torch.cat([x["a"], x["b"]], p["dim"]).narrow(p["narrow_dim"], p["start"], p["length"])},
}


def hvp(x, p):
    """conv → instance norm → leaky ReLU → conv with cross-entropy: the loss, its gradient g and H·v = ∇(g·v)."""
    names = p["parameters"]
    theta = [x[n] for n in names]
    h = F.conv2d(x["x"], x["conv1.weight"], None, padding=1)
    h = F.instance_norm(h, weight=x["norm.weight"], bias=x["norm.bias"], use_input_stats=True, eps=1e-5)
    h = F.leaky_relu(h, 0.01)
    loss = F.cross_entropy(F.conv2d(h, x["conv2.weight"], x["conv2.bias"], padding=1), x["labels"])
    g = torch.autograd.grad(loss, theta, create_graph=True)
    dot = sum((gi * x["v." + n]).sum() for gi, n in zip(g, names))
    hv = torch.autograd.grad(dot, theta)
    results = {"output": loss}
    results.update({"grad." + n: gi for gi, n in zip(g, names)})
    results.update({"hvp." + n: hi for hi, n in zip(hv, names)})
    return results


def run(case, folder):
    x = {}
    for entry in case["inputs"]:
        data = np.fromfile(os.path.join(folder, entry["file"]), dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        x[entry["name"]] = torch.from_numpy(data).requires_grad_(entry["differentiable"])
    if case["op"] == "hvp":
        return hvp(x, case["parameters"])
    results = OPS[case["op"]](x, case["parameters"])
    (results["output"] * x["cotangent"]).sum().backward()
    for entry in case["inputs"]:
        if entry["differentiable"]:
            results["grad." + entry["name"]] = x[entry["name"]].grad
    return results


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    written = {}
    for case in manifest["cases"]:
        results = run(case, folder)
        for name, t in results.items():
            t.detach().to(torch.float32).contiguous().numpy().tofile(os.path.join(folder, f"{case['name']}.{name}.f32"))
        written[case["name"]] = sorted(results)
    print(json.dumps({"torch": torch.__version__, "results": written}))


if __name__ == "__main__":
    main()
