"""The project's U-Net written in PyTorch, loading a model archive (`.mlseg`) written by the C# trainers.

usage: unet_reference.py MODEL.mlseg INPUT.f32 OUTPUT.f32 N C H W
       unet_reference.py --train STEPS LR MODEL.mlseg INPUT.f32 LABELS.i64 N C H W   (prints the Adam losses as JSON)
Reads the archive's `model.safetensors` by the safetensors spec (no safetensors package needed) and
`metadata.json` (the UNetOptions), builds the network with the same state-dict names, loads the weights
with strict=True, runs evaluation mode on the float32 input and writes the logits.
"""
import io
import json
import struct
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "U8": np.uint8, "I32": np.int32}


def read_safetensors(data):
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    base = 8 + size
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(data[base + start:base + end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        out[name] = torch.from_numpy(array.copy())
    return out


def norm(o, c):
    if o["Normalization"] == 0:
        return (nn.BatchNorm2d if o["Dimensions"] == 2 else nn.BatchNorm3d)(c)
    if o["Normalization"] == 1:
        return (nn.InstanceNorm2d if o["Dimensions"] == 2 else nn.InstanceNorm3d)(c, affine=True)
    return nn.GroupNorm(o["Groups"], c)


def factors(o, step):
    """The down-sampling factor per axis of step 1..Depth (UNetOptions.DownsamplingFactors; 2 on every axis by default)."""
    given = o.get("DownsamplingFactors")
    return tuple(given[step - 1]) if given else (2,) * o["Dimensions"]


class Stage(nn.Module):
    def __init__(self, o, cin, cout, stride):
        super().__init__()
        conv = nn.Conv2d if o["Dimensions"] == 2 else nn.Conv3d
        layers = []
        for k in range(o["ConvolutionsPerStage"]):
            layers += [conv(cin if k == 0 else cout, cout, 3, stride if k == 0 else 1, 1, bias=False), norm(o, cout),
                       nn.ReLU() if o["Activation"] == 0 else nn.LeakyReLU(0.01)]
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


class UNet(nn.Module):
    def __init__(self, o):
        super().__init__()
        self.o = o
        width = lambda s: min(o["BaseWidth"] << s, o["MaxWidth"])
        strided = o["Downsampling"] == 1
        conv = nn.Conv2d if o["Dimensions"] == 2 else nn.Conv3d
        self.encoder = nn.ModuleList(
            [Stage(o, o["InputChannels"] if s == 0 else width(s - 1), width(s), factors(o, s) if s > 0 and strided else 1) for s in range(o["Depth"] + 1)])
        if not strided:
            pool = nn.MaxPool2d if o["Dimensions"] == 2 else nn.MaxPool3d
            self.pools = [pool(factors(o, s)) for s in range(1, o["Depth"] + 1)]
        self.up = nn.ModuleList()
        self.decoder = nn.ModuleList()
        for s in range(o["Depth"] - 1, -1, -1):
            cin, cout, f = width(s + 1), width(s), factors(o, s + 1)
            if o["Upsampling"] == 0:
                self.up.append((nn.ConvTranspose2d if o["Dimensions"] == 2 else nn.ConvTranspose3d)(cin, cout, f, stride=f))
            else:
                self.up.append(nn.Sequential(nn.Upsample(scale_factor=tuple(float(v) for v in f), mode="nearest"), conv(cin, cout, 1, bias=False)))
            self.decoder.append(Stage(o, 2 * cout, cout, 1))
        self.head = conv(width(0), o["Classes"], 1)
        if o["DeepSupervision"]:
            self.deep_heads = nn.ModuleList([conv(width(s), o["Classes"], 1) for s in range(1, o["Depth"])])

    def forward(self, x):
        features = []
        for s, stage in enumerate(self.encoder):
            if s > 0 and hasattr(self, "pools"):
                x = self.pools[s - 1](x)
            x = stage(x)
            features.append(x)
        for k in range(self.o["Depth"]):
            x = self.decoder[k](torch.cat([features[self.o["Depth"] - 1 - k], self.up[k](x)], 1))
        return self.head(x)


def load(model):
    archive = zipfile.ZipFile(model)
    options = json.loads(json.loads(archive.read("metadata.json"))["network"])
    net = UNet(options)
    net.load_state_dict(read_safetensors(archive.read("model.safetensors")), strict=True)
    return net


def train(steps, lr, model, source, labels, shape):
    net = load(model)
    net.train()
    x = torch.from_numpy(np.fromfile(source, dtype=np.float32).reshape(shape))
    y = torch.from_numpy(np.fromfile(labels, dtype=np.int64).reshape([shape[0]] + shape[2:]))
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    print(json.dumps({"losses": losses}))


def main():
    if sys.argv[1] == "--train":
        train(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], [int(v) for v in sys.argv[7:]])
        return
    model, source, target = sys.argv[1:4]
    shape = [int(v) for v in sys.argv[4:]]
    archive = zipfile.ZipFile(model)
    metadata = json.loads(archive.read("metadata.json"))
    options = json.loads(metadata["network"])
    net = UNet(options)
    net.load_state_dict(read_safetensors(archive.read("model.safetensors")), strict=True)
    net.eval()
    x = torch.from_numpy(np.fromfile(source, dtype=np.float32).reshape(shape))
    with torch.no_grad():
        y = net(x)
    y.numpy().astype(np.float32).tofile(target)
    print(json.dumps({"parameters": sum(p.numel() for p in net.parameters()), "shape": list(y.shape)}))


if __name__ == "__main__":
    main()
