"""Golden FLOP counts for Detect's get-flops: MMCV's counting rules applied to torchvision's ResNet-50.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-torchvision 0.14); writes
tests/golden/analysis/flops_resnet50.json.

MMCV is not installed here, so its rules (mmcv/cnn/utils/flops_counter.py, get_model_complexity_info) are
restated below from their documented formulas: a forward hook on every module of a counted type adds, per call,
  Conv2d      prod(kernel) * in_channels * out_channels / groups * N * prod(output spatial) (+ out_channels * N *
              prod(output spatial) with a bias)
  BatchNorm2d numel(input), times 2 when affine
  ReLU        numel(output)
  MaxPool2d / AdaptiveAvgPool2d  numel(input)
  Linear      numel(input) * out_features
A module of any other type reports the sum of its children; parameters are those with requires_grad.
The input is zeros of 1x3x160x128 (H x W differ on purpose). Detect's ResNet has no avgpool/fc, so the
"backbone" totals leave those two out; they are listed separately.

Also writes Python's formatting of a few numbers (round / str / '%' / '%g' formats) that MMCV's printing relies on.
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))


def conv_flops(m, inp, out):
    active = out.shape[0] * int(np.prod(out.shape[2:]))
    flops = int(np.prod(m.kernel_size)) * m.in_channels * (m.out_channels // m.groups) * active
    return flops + (m.out_channels * active if m.bias is not None else 0)


RULES = {
    torch.nn.Conv2d: conv_flops,
    torch.nn.BatchNorm2d: lambda m, i, o: int(np.prod(i[0].shape)) * (2 if m.affine else 1),
    torch.nn.ReLU: lambda m, i, o: o.numel(),
    torch.nn.MaxPool2d: lambda m, i, o: int(np.prod(i[0].shape)),
    torch.nn.AdaptiveAvgPool2d: lambda m, i, o: int(np.prod(i[0].shape)),
    torch.nn.Linear: lambda m, i, o: int(np.prod(i[0].shape)) * o.shape[-1],
}


def count(model, shape):
    flops = {}

    def hook(m, i, o):
        flops[m] = flops.get(m, 0) + RULES[type(m)](m, i, o)

    handles = [m.register_forward_hook(hook) for m in model.modules() if type(m) in RULES]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(shape))
    for h in handles:
        h.remove()

    def acc(m):
        if type(m) in RULES:
            return flops.get(m, 0), sum(p.numel() for p in m.parameters() if p.requires_grad)
        f = p = 0
        for c in m.children():
            cf, cp = acc(c)
            f, p = f + cf, p + cp
        return f, p

    return acc


def main():
    torch.manual_seed(0)
    model = torchvision.models.resnet50()
    acc = count(model, (1, 3, 160, 128))
    children = {}
    for name, child in model.named_children():
        f, p = acc(child)
        children[name] = {"flops": f, "params": p}
    blocks = {}
    for name in ["layer1.0", "layer2.0", "layer4.2"]:
        f, p = acc(model.get_submodule(name))
        blocks[name] = {"flops": f, "params": p}
    backbone = [n for n in children if n not in ("avgpool", "fc")]
    samples = [239318421504, 37743888, 4110000000, 23508032, 0.0005, 2.675, 1234.5678, 1e-05, 1e16, 123456789012345678.0, 5.0,
               0.0625, 0.125, 100.0 * 9408 / 23508032, 0.30490012345, 999999.5, 0.000123456789, 1.0]
    payload = {
        "input_shape": [1, 3, 160, 128],
        "children": children,
        "blocks": blocks,
        "backbone_flops": sum(children[n]["flops"] for n in backbone),
        "backbone_params": sum(children[n]["params"] for n in backbone),
        "formatting": [
            {"value": float(v), "str": str(float(v)), "round2": str(round(v / 10 ** 9, 2)), "round3": str(round(v / 10. ** 6, 3)),
             "fixed3": f"{float(v):.3f}", "percent": f"{float(v) / 1e3:.3%}",
             "general": "%g" % float(v), "general_small": "%g" % (float(v) * 1e-9)}
            for v in samples
        ],
        "_generated_by": os.path.relpath(os.path.abspath(sys.argv[0]), os.path.join(HERE, "..", "..", "..")),
        "_reference": f"torch {torch.__version__}, torchvision {torchvision.__version__}, MMCV's flops_counter rules",
    }
    with open(os.path.join(HERE, "flops_resnet50.json"), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("backbone", payload["backbone_flops"], payload["backbone_params"])


if __name__ == "__main__":
    main()
