"""Golden values for Detect.Ops.RoIAlign from torchvision.ops.roi_align (torchvision 0.14), forward and backward.

Writes tests/Detect.Runtime.Tests/Ops/Fixtures/roi_align.json. Run: /usr/bin/python3 tests/golden/ops/roi_align_golden.py

Every case pools the same RoIs: ordinary, sub-pixel, inverted (x2 < x1), partly and wholly outside the
image, the whole image and one hugging the far border; on both images of the batch. The gradient is
that of sum(output * upstream) with respect to the features.
"""
import itertools

import torch
from torchvision.ops import roi_align

from _fixture import encode, write

ROIS = [
    [0, 1.3, 2.1, 7.9, 6.4],     # ordinary
    [1, 3.2, 3.3, 3.7, 3.6],     # sub-pixel
    [0, 8.0, 7.0, 2.0, 1.0],     # inverted
    [1, -5.0, -3.0, 4.0, 5.0],   # partly outside
    [0, 20.0, 20.0, 30.0, 28.0], # wholly outside (at scale 1)
    [1, 0.0, 0.0, 11.0, 9.0],    # the whole image
    [0, 9.5, 7.5, 10.9, 8.9],    # hugging the far border
    [1, 2.25, 0.75, 21.0, 17.5], # large: many adaptive samples at scale 1
]


def main():
    g = torch.Generator().manual_seed(7)
    features64 = torch.rand(2, 3, 9, 11, generator=g, dtype=torch.float64) * 2 - 1
    rois64 = torch.tensor(ROIS, dtype=torch.float64)
    upstream = {}
    cases = []
    grid = itertools.product((torch.float64, torch.float32), (False, True), (0, 2, 3), ((2, 2), (3, 4)), (1.0, 0.5))
    for dtype, aligned, sampling, size, scale in grid:
        if dtype == torch.float32 and (size != (3, 4) or scale != 0.5):
            continue  # float32 on a subset: the float64 cases carry the 1e-6 bar
        features = features64.to(dtype).detach().clone().requires_grad_(True)
        rois = rois64.to(dtype)
        out = roi_align(features, rois, size, spatial_scale=scale, sampling_ratio=sampling, aligned=aligned)
        if size not in upstream:
            upstream[size] = torch.rand(len(ROIS), 3, *size, generator=g, dtype=torch.float64)
        (out * upstream[size].to(dtype)).sum().backward()
        cases.append({
            "dtype": str(dtype).replace("torch.", ""), "aligned": aligned, "sampling_ratio": sampling,
            "output_size": list(size), "spatial_scale": scale,
            "output": encode(out), "grad_features": encode(features.grad),
        })
    write("tests/Detect.Runtime.Tests/Ops/Fixtures/roi_align.json", {
        "features": encode(features64), "rois": encode(rois64),
        "upstream": {f"{h}x{w}": encode(u) for (h, w), u in upstream.items()},
        "cases": cases,
    })


if __name__ == "__main__":
    main()
