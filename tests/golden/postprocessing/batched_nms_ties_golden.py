"""Golden order of torchvision's batched_nms when many scores tie, for Detect.Models.PostProcessing.BatchedNms (split_thr).

Above 1000 boxes (4000 coordinates) on the CPU, torchvision 0.14's batched_nms runs NMS class by class and orders the
survivors as `keep = mask.nonzero(); keep[scores[keep].sort(descending=True)]` -- the default, unstable sort, so equal
scores come in the sort algorithm's order, not index order (MMCV's batched_nms from split_thr on does the same). Which
of them a later cap keeps depends on it: a random full-size torchvision RPN had 2130 of its 2929 survivors at an
objectness of exactly 1.0 for post_nms_top_n = 1000.

Boxes on a fixed integer pattern (exact in float32), five ids, scores from five values (mostly 1.0), IoU threshold 0.7.
Writes tests/Detect.Models.Tests/PostProcessing/Fixtures/batched_nms_ties.json.
Run: /usr/bin/python3 tests/golden/postprocessing/batched_nms_ties_golden.py  (Debian's torch 1.13 / torchvision 0.14)
"""
import json
import os

import torch
import torchvision
from torchvision.ops import batched_nms

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT = os.path.join(ROOT, "tests", "Detect.Models.Tests", "PostProcessing", "Fixtures", "batched_nms_ties.json")


def main():
    n = 1200
    i = torch.arange(n)
    x1, y1 = (i * 37) % 60, (i * 53) % 40
    w, h = 30 + (i % 17), 30 + (i % 13)
    boxes = torch.stack([x1, y1, x1 + w, y1 + h], 1).float()
    scores = torch.tensor([1.0, 1.0, 1.0, 0.75, 0.5])[(i * 7) % 5]
    idxs = i % 5
    assert boxes.numel() > 4000, "torchvision's class-by-class path"
    keep = batched_nms(boxes, scores, idxs, 0.7)
    # The ties must matter: index order among equal scores (a stable sort) gives another order.
    stable = keep.sort().values
    stable = stable[scores[stable].sort(descending=True, stable=True).indices]
    assert not torch.equal(stable, keep), "ties do not decide anything"
    golden = {
        "source": f"torchvision {torchvision.__version__}, torch {torch.__version__}; tests/golden/postprocessing/batched_nms_ties_golden.py",
        "iou_threshold": 0.7,
        "boxes": boxes.int().tolist(),
        "scores": scores.tolist(),
        "idxs": idxs.tolist(),
        "keep": keep.tolist(),
    }
    with open(OUT, "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    print(f"{len(keep)} of {n} kept, {int((scores[keep] == 1).sum())} of them at score 1.0 -> {OUT}")


if __name__ == "__main__":
    main()
