#!/usr/bin/env python3
"""PyTorch side of the scoring benchmark (`mlseg benchmark --suite scoring`, src/Benchmarks): the U-Net of DESIGN.md.

  export_unet.py export --out DIR   writes DIR/unet.onnx (opset 17, the model contract: input `image`
                                    float32 [N, 1, H, W] with dynamic N/H/W, outputs `probabilities` [N, 4, H, W]
                                    and `labels` int64 [N, H, W], mlseg.* metadata) and DIR/unet.pt (state dict).
  export_unet.py time --out DIR     times PyTorch eval (torch.no_grad) of the same model (loaded from unet.pt) and
                                    prints one JSON line {"images_per_s": [...], "median": ...,
                                    "images_per_cpu_s": [...], "median_cpu": ...} (per wall and per CPU second).

The U-Net is bench/python/unet_train.py's (depth 4, base 32, BatchNorm, transposed-conv up-sampling).
"""
import argparse
import json
import os
import statistics
import time

import torch

from unet_train import UNet


class Segmenter(torch.nn.Module):
    """The exported contract around the U-Net: softmax probabilities and argmax labels."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        probabilities = torch.softmax(self.net(image), dim=1)
        return probabilities, torch.argmax(probabilities, dim=1)


def build(classes):
    torch.manual_seed(0)
    model = Segmenter(UNet(1, classes, 32, 4))
    with torch.no_grad():  # non-trivial BatchNorm statistics, as after training
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
    return model.eval()


def export(a):
    import onnx
    os.makedirs(a.out, exist_ok=True)
    model = build(a.classes)
    torch.save(model.state_dict(), os.path.join(a.out, "unet.pt"))
    path = os.path.join(a.out, "unet.onnx")
    torch.onnx.export(
        model, torch.randn(1, 1, a.size, a.size), path, opset_version=17,
        input_names=["image"], output_names=["probabilities", "labels"],
        dynamic_axes={"image": {0: "batch", 2: "height", 3: "width"},
                      "probabilities": {0: "batch", 2: "height", 3: "width"},
                      "labels": {0: "batch", 1: "height", 2: "width"}})
    m = onnx.load(path)
    meta = {"mlseg.class_names": json.dumps(["background"] + [f"class_{k}" for k in range(1, a.classes)]),
            "mlseg.normalization": '{"kind":"zscore"}', "mlseg.training_size": f"{a.size},{a.size}",
            "mlseg.method": "baseline", "mlseg.version": "0.1.0"}
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(m, path)
    print(json.dumps({"onnx": path, "parameters": sum(p.numel() for p in model.parameters())}))


def time_eval(a):
    torch.set_num_threads(a.threads)
    model = build(a.classes)
    model.load_state_dict(torch.load(os.path.join(a.out, "unet.pt")))
    x = torch.randn(a.batch, 1, a.size, a.size)
    rates, cpu_rates = [], []
    with torch.no_grad():
        model(x)  # warm-up
        for _ in range(a.repeats):
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(a.batches):
                model(x)
            rates.append(a.batch * a.batches / (time.perf_counter() - start))
            cpu_rates.append(a.batch * a.batches / (time.process_time() - cpu))
    print(json.dumps({"images_per_s": rates, "median": statistics.median(rates),
                      "images_per_cpu_s": cpu_rates, "median_cpu": statistics.median(cpu_rates)}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["export", "time"])
    p.add_argument("--out", required=True)
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--classes", type=int, default=4)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--batches", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    export(a) if a.mode == "export" else time_eval(a)


if __name__ == "__main__":
    main()
