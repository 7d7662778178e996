# Reference state dicts, initial values and outputs of PyTorch modules (float32).
# Each case: seed 0, build the module; seed 1, draw the input with randn; run forward in training mode.
# Prints JSON: {case: {"keys": [...], "shapes": [[...]], "count": n, "params": [all parameters flattened], "out_shape": [...], "out": [...]}}.
import json
import torch
from torch import nn

cases = {
    "conv2d": (lambda: nn.Conv2d(3, 8, 3, stride=2, padding=1), [2, 3, 9, 9]),
    "conv3d": (lambda: nn.Conv3d(2, 4, 3, padding=1, bias=False), [1, 2, 5, 5, 5]),
    "conv_transpose2d": (lambda: nn.ConvTranspose2d(8, 4, 2, stride=2), [2, 8, 3, 3]),
    "conv_transpose3d": (lambda: nn.ConvTranspose3d(4, 2, 3, stride=2, padding=1, output_padding=1), [1, 4, 2, 2, 2]),
    "linear": (lambda: nn.Linear(10, 5), [3, 10]),
    "batchnorm2d": (lambda: nn.BatchNorm2d(8), [2, 8, 3, 3]),
    "batchnorm3d": (lambda: nn.BatchNorm3d(4, affine=False), [2, 4, 2, 2, 2]),
    "instancenorm2d": (lambda: nn.InstanceNorm2d(3, affine=True), [2, 3, 4, 4]),
    "groupnorm": (lambda: nn.GroupNorm(2, 8), [2, 8, 3, 3]),
    "sequential": (lambda: nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                                         nn.MaxPool2d(2), nn.Conv2d(8, 4, 1), nn.Upsample(scale_factor=2, mode="bilinear")),
                   [2, 3, 6, 6]),
}

result = {}
for name, (make, shape) in cases.items():
    torch.manual_seed(0)
    m = make()
    torch.manual_seed(1)
    x = torch.randn(shape)
    out = m(x)
    sd = m.state_dict()
    result[name] = {
        "keys": list(sd.keys()),
        "shapes": [list(v.shape) for v in sd.values()],
        "count": sum(p.numel() for p in m.parameters()),
        "params": [v for p in m.parameters() for v in p.detach().flatten().tolist()],
        "out_shape": list(out.shape),
        "out": out.detach().flatten().tolist(),
    }
print(json.dumps(result))
