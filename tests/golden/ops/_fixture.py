"""Shared helpers of the ops golden scripts: tensors to JSON and where fixtures go.

Run the scripts with Debian's /usr/bin/python3 (python3-torch 1.13, python3-torchvision 0.14).
A tensor is stored as {"dtype": ..., "shape": [...], "data": [flat values]}; Python's float repr
round-trips exactly, so float64 values reach the C# tests bit for bit.
"""
import json
import os

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def encode(t):
    t = t.detach().cpu()
    data = t.flatten().tolist()
    if t.is_floating_point():
        data = [float(v) for v in data]
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": data}


def random_boxes(generator, n, spread, max_size, min_size=1.0, dtype=torch.float64):
    """n xyxy boxes: corners uniform in [0, spread), sides uniform in [min_size, min_size + max_size)."""
    xy = torch.rand(n, 2, generator=generator, dtype=torch.float64) * spread
    wh = torch.rand(n, 2, generator=generator, dtype=torch.float64) * max_size + min_size
    return torch.cat([xy, xy + wh], 1).to(dtype)


def write(relative_path, payload):
    path = os.path.join(ROOT, relative_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    payload = dict(payload)
    payload["_generated_by"] = os.path.relpath(os.path.abspath(__import__("sys").argv[0]), ROOT)
    payload["_reference"] = f"torch {torch.__version__}, torchvision {__import__('torchvision').__version__}"
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {relative_path}")
