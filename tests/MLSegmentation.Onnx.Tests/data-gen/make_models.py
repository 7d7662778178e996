#!/usr/bin/env python3
"""Writes the test models of MLSegmentation.Onnx.Tests into OUTDIR (argument 1).

- conv.onnx: a small conv segmenter exported by torch.onnx.export (opset 17), input `image` [batch, 3, height, width]
  (symbolic batch/height/width), outputs `probabilities` float32 [batch, 2, height, width] and `labels` int64.
- conv_cases.json + *.bin: inputs and PyTorch's outputs (raw little-endian) for batch 1 and 7, odd spatial sizes.
- meta.onnx: conv.onnx with metadata written by onnx (producer/domain/version/doc strings, metadata_props).
- types.onnx: Identity per element type (float, double, int64, int32, uint8, bool) with one unnamed dynamic dim.
Every model passes onnx.checker with full shape inference.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper


class Segmenter(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 2, 1)

    def forward(self, image):
        x = torch.relu(self.bn(self.conv1(image)))
        probabilities = torch.softmax(self.conv2(x), dim=1)
        labels = torch.argmax(probabilities, dim=1, keepdim=True)
        return probabilities, labels


def check(path):
    onnx.checker.check_model(onnx.load(path), full_check=True)


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(1234)
    model = Segmenter()
    with torch.no_grad():  # non-trivial BatchNorm statistics
        model.bn.running_mean.uniform_(-0.5, 0.5)
        model.bn.running_var.uniform_(0.5, 1.5)
    model.eval()
    conv = os.path.join(out, "conv.onnx")
    torch.onnx.export(
        model, torch.randn(1, 3, 8, 8), conv, opset_version=17,
        input_names=["image"], output_names=["probabilities", "labels"],
        dynamic_axes={"image": {0: "batch", 2: "height", 3: "width"},
                      "probabilities": {0: "batch", 2: "height", 3: "width"},
                      "labels": {0: "batch", 2: "height", 3: "width"}})
    check(conv)

    cases = []
    for i, (n, h, w) in enumerate([(1, 5, 7), (7, 9, 11), (2, 17, 3)]):
        x = torch.randn(n, 3, h, w)
        with torch.no_grad():
            p, l = model(x)
        names = {"input": f"case{i}_image.bin", "probabilities": f"case{i}_probabilities.bin",
                 "labels": f"case{i}_labels.bin"}
        x.numpy().astype("<f4").tofile(os.path.join(out, names["input"]))
        p.numpy().astype("<f4").tofile(os.path.join(out, names["probabilities"]))
        l.numpy().astype("<i8").tofile(os.path.join(out, names["labels"]))
        cases.append({"shape": [n, 3, h, w], "outputShape": list(p.shape), "labelShape": list(l.shape), **names})
    with open(os.path.join(out, "conv_cases.json"), "w") as f:
        json.dump(cases, f, indent=1)

    m = onnx.load(conv)
    m.producer_name = "mlseg-tests"
    m.producer_version = "0.1"
    m.domain = "ai.mlsegmentation.test"
    m.model_version = 42
    m.doc_string = "Conv segmenter for metadata tests"
    m.graph.name = "segmenter_graph"
    m.graph.doc_string = "graph doc"
    for k, v in [("class_names", "background,foreground"), ("mean", "0.485,0.456,0.406"), ("unicode", "Zürich ✓")]:
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(m, os.path.join(out, "meta.onnx"))
    check(os.path.join(out, "meta.onnx"))

    types = [("float", TensorProto.FLOAT), ("double", TensorProto.DOUBLE), ("int64", TensorProto.INT64),
             ("int32", TensorProto.INT32), ("uint8", TensorProto.UINT8), ("bool", TensorProto.BOOL)]
    nodes, inputs, outputs = [], [], []
    for name, t in types:
        inputs.append(helper.make_tensor_value_info(f"x_{name}", t, [None, 3]))
        outputs.append(helper.make_tensor_value_info(f"y_{name}", t, [None, 3]))
        nodes.append(helper.make_node("Identity", [f"x_{name}"], [f"y_{name}"]))
    graph = helper.make_graph(nodes, "types", inputs, outputs)
    tm = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="onnx-helper")
    tm.ir_version = 8
    onnx.save(tm, os.path.join(out, "types.onnx"))
    check(os.path.join(out, "types.onnx"))
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
