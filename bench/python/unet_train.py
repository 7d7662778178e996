"""PyTorch side of the training benchmark: the U-Net of DESIGN.md's anchors.

Prints one JSON line per precision: {"precision": ..., "images_per_s": [...], "median": ...}.
Run by `mlseg benchmark --suite training` (src/Benchmarks) in the same run as the C# engine, so
that both are measured on the same machine at the same time.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, cin, classes, base, depth):
        super().__init__()
        widths = [base * 2 ** k for k in range(depth + 1)]
        self.down = nn.ModuleList()
        c = cin
        for w in widths:
            self.down.append(double_conv(c, w))
            c = w
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose2d(c, w, 2, stride=2))
            self.dec.append(double_conv(2 * w, w))
            c = w
        self.head = nn.Conv2d(c, classes, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        skips = []
        for k, block in enumerate(self.down):
            x = block(x if k == 0 else self.pool(x))
            skips.append(x)
        skips.pop()
        for up, dec in zip(self.up, self.dec):
            x = dec(torch.cat([skips.pop(), up(x)], 1))
        return self.head(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--classes", type=int, default=4)
    p.add_argument("--base", type=int, default=32)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--precision", default="fp32,bf16")
    p.add_argument("--layouts", default="nchw,nhwc", help="memory layouts to measure; nhwc is PyTorch's faster CPU layout for this U-Net")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = UNet(1, a.classes, a.base, a.depth)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(a.batch, 1, a.size, a.size)
    y = torch.randint(0, a.classes, (a.batch, a.size, a.size))
    loss_fn = nn.CrossEntropyLoss()

    def step(bf16):
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for layout, precision in [(l, p) for l in a.layouts.split(",") for p in a.precision.split(",")]:
        bf16 = precision == "bf16"
        fmt = torch.channels_last if layout == "nhwc" else torch.contiguous_format
        model.to(memory_format=fmt)
        x = x.contiguous(memory_format=fmt)
        for _ in range(a.warmup):
            step(bf16)
        rates = []
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            for _ in range(a.steps):
                step(bf16)
            rates.append(a.steps * a.batch / (time.perf_counter() - t0))
        print(json.dumps({"engine": "pytorch", "precision": precision, "layout": layout,
                          "parameters": sum(t.numel() for t in model.parameters()),
                          "images_per_s": rates, "median": statistics.median(rates)}), flush=True)


if __name__ == "__main__":
    main()
