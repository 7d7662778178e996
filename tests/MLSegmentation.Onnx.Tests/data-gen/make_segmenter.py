#!/usr/bin/env python3
"""Writes the scorer's test data (MLSegmentation.Onnx.Tests/Scoring*Tests) into OUTDIR (argument 1).

- segmenter.onnx: a tiny fully-convolutional segmenter exported by torch.onnx.export (opset 17) following the
  model contract: input `image` float32 [N, 1, H, W] (dynamic N/H/W), outputs `probabilities` float32
  [N, 3, H, W] and `labels` int64 [N, H, W]; metadata mlseg.class_names / normalization (zscore) /
  training_size (32,32) / method / version.
- segmenter_plain.onnx: the same model without metadata.
- bad_meta.onnx: the same with a malformed mlseg.normalization.
- rank2.onnx: a Linear model whose input is [N, 4] (not an image tensor).
- images/*.png: 8-bit greyscale images of several sizes, in an order that changes size mid-folder.
- expected/<stem>.bin: PyTorch's argmax labels (uint8, row-major) for each image scored at its own size after
  per-image z-score normalisation (computed in float64, then float32, as the scorer does); 255 marks pixels whose
  two best probabilities are within 1e-4 (a tie that float rounding may break either way).
- expected_resized/<stem>.bin: the same with the image resized bilinearly to 32x32 and labels back with nearest.
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from PIL import Image

CLASSES = 3
SIZES = [(40, 48)] * 9 + [(33, 29)] * 3 + [(40, 48)] * 5 + [(64, 64)] * 4 + [(17, 90), (40, 48)]


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=1)
        self.head = torch.nn.Conv2d(8, CLASSES, 1)

    def forward(self, image):
        x = torch.relu(self.bn(self.conv1(image)))
        x = torch.relu(self.conv2(x))
        probabilities = torch.softmax(self.head(x) * 3.0, dim=1)
        labels = torch.argmax(probabilities, dim=1)
        return probabilities, labels


def export(model, path, metadata):
    torch.onnx.export(
        model, torch.randn(1, 1, 16, 16), path, opset_version=17,
        input_names=["image"], output_names=["probabilities", "labels"],
        dynamic_axes={"image": {0: "batch", 2: "height", 3: "width"},
                      "probabilities": {0: "batch", 2: "height", 3: "width"},
                      "labels": {0: "batch", 1: "height", 2: "width"}})
    m = onnx.load(path)
    for k, v in metadata.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, path)


def zscore(x):
    x = x.astype(np.float64)
    mean = x.mean()
    std = max(np.sqrt(((x - mean) ** 2).mean()), 1e-8)
    return ((x - mean) * (1.0 / std)).astype(np.float32)


def labels_of(p):
    top = torch.topk(p, 2, dim=1).values
    lab = torch.argmax(p, dim=1)[0].numpy().astype(np.uint8)
    lab[(top[0, 0] - top[0, 1]).numpy() < 1e-4] = 255
    return lab


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(7)
    model = Tiny()
    with torch.no_grad():
        model.bn.running_mean.uniform_(-0.3, 0.3)
        model.bn.running_var.uniform_(0.5, 1.5)
    model.eval()
    with torch.no_grad():  # balance the classes on typical inputs so every class occurs
        sample = torch.randn(4, 1, 32, 32)
        x = torch.relu(model.conv2(torch.relu(model.bn(model.conv1(sample)))))
        logits = model.head(x)
        mean = logits.mean(dim=(0, 2, 3))
        std = logits.std(dim=(0, 2, 3))
        model.head.weight.div_(std[:, None, None, None])
        model.head.bias.sub_(mean).div_(std)
    meta = {"mlseg.class_names": '["background","left","right"]', "mlseg.normalization": '{"kind":"zscore"}',
            "mlseg.training_size": "32,32", "mlseg.method": "baseline", "mlseg.version": "0.1.0"}
    export(model, os.path.join(out, "segmenter.onnx"), meta)
    export(model, os.path.join(out, "segmenter_plain.onnx"), {})
    export(model, os.path.join(out, "bad_meta.onnx"), dict(meta, **{"mlseg.normalization": '{"kind":"wavelet"}'}))

    linear = torch.nn.Linear(4, 3).eval()
    torch.onnx.export(linear, torch.randn(2, 4), os.path.join(out, "rank2.onnx"), opset_version=17,
                      input_names=["image"], output_names=["probabilities"], dynamic_axes={"image": {0: "batch"}})

    rng = np.random.default_rng(11)
    for d in ("images", "expected", "expected_resized"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    for i, (h, w) in enumerate(SIZES):
        yy, xx = np.mgrid[0:h, 0:w]
        img = 128 + 60 * np.sin(xx / rng.uniform(2, 6) + rng.uniform(0, 6)) * np.cos(yy / rng.uniform(2, 6))
        img = np.clip(img + rng.normal(0, 25, (h, w)), 0, 255).astype(np.uint8)
        stem = f"img_{i:03d}"
        Image.fromarray(img, mode="L").save(os.path.join(out, "images", stem + ".png"))
        x = torch.from_numpy(zscore(img))[None, None]
        with torch.no_grad():
            p, _ = model(x)
            labels_of(p).tofile(os.path.join(out, "expected", stem + ".bin"))
            pr, _ = model(F.interpolate(x, size=(32, 32), mode="bilinear", align_corners=False))
            lr = labels_of(pr).astype(np.float32)
            back = F.interpolate(torch.from_numpy(lr)[None, None], size=(h, w), mode="nearest")[0, 0]
            back.numpy().astype(np.uint8).tofile(os.path.join(out, "expected_resized", stem + ".bin"))


if __name__ == "__main__":
    main(sys.argv[1])
