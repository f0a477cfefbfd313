#!/usr/bin/python3
"""Golden values for Detect's Adam: torch.optim.Adam (torch 1.13, Debian's python3-torch) on the optimizer cases of
make_engine_goldens.py (the same parameters, groups and gradients, lr halved before step 3). Needs none of the MMEngine
reference files that script reads.

    /usr/bin/python3 tests/golden/engine/make_adam_golden.py    # writes adam.json next to this script
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_engine_goldens import optimizer_case  # noqa: E402  (the shared protocol: params0, grads, groups, steps)


def main():
    golden = {
        'torch': torch.__version__,
        'optimizers': [
            optimizer_case('adam', lambda g: torch.optim.Adam(g, lr=0.1)),
            optimizer_case('adam_betas', lambda g: torch.optim.Adam(g, lr=0.1, betas=(0.5, 0.9), eps=1e-6)),
        ],
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'adam.json'), 'w') as f:
        json.dump(golden, f, indent=None, separators=(',', ':'))


if __name__ == '__main__':
    main()
