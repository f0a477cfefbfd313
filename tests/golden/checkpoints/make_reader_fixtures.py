#!/usr/bin/python3
"""Fixtures for the torch.save reader, written by real torch.save (Debian's python3-torch 1.13).

    /usr/bin/python3 tests/golden/checkpoints/make_reader_fixtures.py

Writes into tests/Detect.Runtime.Tests/Checkpoints/Golden/:
  mmdet_style.pth       MMDetection's {meta, state_dict, optimizer} with 'module.' prefixes (DDP)
  views.pth             tensors sharing one storage: offsets, transposes, steps, expand (stride 0)
  dtypes.pth            float16/bfloat16/float64/int64/int32/int16/int8/uint8/bool, 0-d, empty, Parameter
  legacy.pth            views + dtypes in the pre-1.6 (non-zip) format
  <name>.expected.json  for every tensor: dtype, shape and its values in row-major order
"""
import json
import os
from collections import OrderedDict

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "Detect.Runtime.Tests", "Checkpoints", "Golden"))


def expected(tensors):
    def values(t):
        flat = t.detach().reshape(-1)
        if t.dtype == torch.bool:
            return [bool(v) for v in flat.tolist()]
        if t.dtype.is_floating_point:
            return [float(v) for v in flat.to(torch.float64).tolist()]
        return [int(v) for v in flat.tolist()]

    return {k: {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": values(t)}
            for k, t in tensors.items()}


def write(name, obj, tensors, legacy=False, extra=None):
    torch.save(obj, os.path.join(OUT, name + ".pth"), _use_new_zipfile_serialization=not legacy)
    doc = {"source": f"torch {torch.__version__}; tests/golden/checkpoints/make_reader_fixtures.py",
           "tensors": expected(tensors)}
    doc.update(extra or {})
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print(name, sorted(tensors))


def views():
    base = torch.arange(24, dtype=torch.float32) * 0.5 - 3.0
    m = base.view(4, 6)
    return OrderedDict([
        ("whole", m),
        ("transposed", m.t()),                   # strides (1, 6)
        ("rows_1_3", m[1:3]),                    # storage offset 6
        ("every_other_col", m[:, ::2]),          # strides (6, 2)
        ("column_4", m[:, 4]),                   # offset 4, stride 6
        ("expanded", base[5:6].expand(3, 2)),    # stride 0
        ("reshaped_4d", m.view(2, 3, 2, 2).permute(0, 2, 1, 3)),
    ])


def dtypes():
    g = torch.Generator().manual_seed(0)
    return OrderedDict([
        ("f16", torch.tensor([0.5, -1.25, 65504.0, 6e-5], dtype=torch.float16)),
        ("bf16", torch.tensor([1.0, -2.5, 3.0e38, 1e-3], dtype=torch.bfloat16)),
        ("f64", torch.tensor([[1.0 / 3, -2.0], [1e-300, 7.0]], dtype=torch.float64)),
        ("f32", torch.randn(2, 3, generator=g)),
        ("i64", torch.tensor([-(2 ** 40), 0, 2 ** 62], dtype=torch.int64)),
        ("i32", torch.tensor([-7, 2 ** 31 - 1], dtype=torch.int32)),
        ("i16", torch.tensor([-300, 300], dtype=torch.int16)),
        ("i8", torch.tensor([-128, 127], dtype=torch.int8)),
        ("u8", torch.tensor([0, 255, 17], dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True])),
        ("scalar", torch.tensor(3.5)),
        ("empty", torch.zeros(0, 3)),
        ("param", torch.nn.Parameter(torch.tensor([1.0, 2.0]))),
    ])


def mmdet_style():
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(2, 3, 1)
    bn = torch.nn.BatchNorm2d(3)
    sd = OrderedDict()
    for prefix, mod in (("module.backbone.conv1.", conv), ("module.backbone.bn1.", bn)):
        for k, v in mod.state_dict().items():
            sd[prefix + k] = v
    sd._metadata = OrderedDict([("", {"version": 1}), ("module.backbone.bn1", {"version": 2})])
    meta = {
        "mmdet_version": "3.3.0",
        "CLASSES": ("person", "bicycle"),
        "epoch": 12,
        "iter": 7330,
        "lr": 0.02,
        "flags": [True, False, None],
        "big": 2 ** 70,
        "neg": -5,
        "blob": b"\x00\x01bytes",
        "nested": {"a": {"b": [1, 2.5, "c"]}, 3: "int key", (1, 2): "tuple key"},
        "unicode": "Größe ✓",
        "set": {1, 2},
    }
    optimizer = {"state": {0: {"momentum_buffer": torch.full((3, 2, 1, 1), 0.25)}},
                 "param_groups": [{"lr": 0.02, "momentum": 0.9, "params": [0, 1]}]}
    tensors = OrderedDict(sd)
    tensors["optimizer.state.0.momentum_buffer"] = optimizer["state"][0]["momentum_buffer"]
    return {"meta": meta, "state_dict": sd, "optimizer": optimizer}, tensors


def main():
    os.makedirs(OUT, exist_ok=True)
    v, d = views(), dtypes()
    write("views", v, v)
    write("dtypes", d, d)
    obj, tensors = mmdet_style()
    write("mmdet_style", obj, tensors)
    both = OrderedDict(list(v.items()) + list(d.items()))
    # the legacy writer keeps shared storages too; bfloat16 is saved as BFloat16Storage
    write("legacy", both, both, legacy=True)


if __name__ == "__main__":
    main()
