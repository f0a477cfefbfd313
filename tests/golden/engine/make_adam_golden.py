"""Golden values for Detect's Adam: torch.optim.Adam (torch 1.13, Debian's python3-torch) on the optimizer
cases' parameters, groups and gradients (make_engine_goldens.py: params0, grads, lr halved before step 3).

Run: /usr/bin/python3 tests/golden/engine/make_adam_golden.py  (writes adam.json next to this script)
"""
import json
import os

import torch
from torch import nn


def params0():
    g = torch.Generator().manual_seed(7)
    return [torch.randn(3, 2, generator=g), torch.randn(2, generator=g), torch.randn(2, generator=g)]


def grads(step):
    g = torch.Generator().manual_seed(100 + step)
    return [torch.randn(3, 2, generator=g), torch.randn(2, generator=g), torch.randn(2, generator=g)]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def case(name, make, steps=6):
    ps = [nn.Parameter(p.clone()) for p in params0()]
    opt = make([{'params': ps[:2], 'lr': 0.1, 'weight_decay': 1e-2}, {'params': ps[2:], 'lr': 0.05, 'weight_decay': 0.0}])
    after = []
    for step in range(steps):
        if step == 3:
            for group in opt.param_groups:
                group['lr'] *= 0.5
        for p, gr in zip(ps, grads(step)):
            p.grad = gr.clone()
        opt.step()
        after.append([flat(p) for p in ps])
    return {'name': name, 'after': after}


def main():
    golden = {
        'torch': torch.__version__,
        'optimizers': [
            case('adam', lambda g: torch.optim.Adam(g, lr=0.1)),
            case('adam_betas', lambda g: torch.optim.Adam(g, lr=0.1, betas=(0.5, 0.9), eps=1e-6)),
        ],
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'adam.json'), 'w') as f:
        json.dump(golden, f, indent=None, separators=(',', ':'))


if __name__ == '__main__':
    main()
