# Reference trajectories of PyTorch's optimizers on a small fixed least-squares problem (float32).
# Prints JSON: {config: {"params": [[w..., b...] after each step], "loss": [loss before each step]}}.
import json
import torch

x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 1.0, 0.75], [0.3, -0.2, 0.1]])
y = torch.tensor([[1.0, -1.0], [0.5, 2.0], [-0.5, 0.25], [0.0, 1.0]])
w0 = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]
b0 = [0.05, -0.05]

def run(make, steps=5):
    w = torch.tensor(w0, requires_grad=True)
    b = torch.tensor(b0, requires_grad=True)
    opt = make(w, b)
    params, losses = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).sum()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        params.append(w.detach().flatten().tolist() + b.detach().tolist())
    return {"params": params, "loss": losses}

configs = {
    "sgd_nesterov_wd": lambda w, b: torch.optim.SGD([w, b], lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.01),
    "sgd_dampening": lambda w, b: torch.optim.SGD([w, b], lr=0.02, momentum=0.8, dampening=0.3, weight_decay=0.05),
    "sgd_plain": lambda w, b: torch.optim.SGD([w, b], lr=0.02),
    "adam": lambda w, b: torch.optim.Adam([w, b], lr=0.05),
    "adam_wd_betas": lambda w, b: torch.optim.Adam([w, b], lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    "adam_amsgrad": lambda w, b: torch.optim.Adam([w, b], lr=0.05, amsgrad=True),
    "adamw": lambda w, b: torch.optim.AdamW([w, b], lr=0.05, weight_decay=0.1),
    "adamw_amsgrad": lambda w, b: torch.optim.AdamW([w, b], lr=0.05, weight_decay=0.1, amsgrad=True),
    "adam_groups": lambda w, b: torch.optim.Adam([{"params": [w]}, {"params": [b], "lr": 0.01}], lr=0.05),
}
print(json.dumps({name: run(make) for name, make in configs.items()}))
