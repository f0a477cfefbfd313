#!/usr/bin/python3
"""Compares Detect's predictions (detect infer's preds/NAME.json) with torchvision's (NAME.golden.json written by
make_detector_fixtures.py --full), as the parity measure of issue 6 defines it:

  a torchvision detection is reproduced by one of Detect's with the same label (Detect's label + 1 = torchvision's),
  IoU >= 0.999 and a score within 1e-3; each of Detect's reproduces at most one; the rest of Detect's are extras.

For Mask R-CNN it also reports the mean mask IoU of the reproduced detections (both thresholded at 0.5; torchvision
pastes masks with its own interpolation, Detect with MMDetection's, so masks agree closely but not exactly).

    /usr/bin/python3 tests/golden/models/compare_detections.py GOLDEN.json PREDS.json
"""
import json
import sys

import numpy as np


def iou(a, b):
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else float(a == b)


def rle_uncompressed(counts, h, w):
    flat = np.zeros(h * w, dtype=bool)
    pos, value = 0, False
    for c in counts:
        flat[pos:pos + c] = value
        pos += c
        value = not value
    return flat.reshape((h, w), order="F")


def rle_compressed(s, h, w):
    """pycocotools' rleFrString: the compressed counts string of COCO RLE."""
    counts, p, m = [], 0, 0
    while p < len(s):
        x, k, more = 0, 0, True
        while more:
            c = ord(s[p]) - 48
            x |= (c & 0x1f) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if m > 2:
            x += counts[m - 2]
        counts.append(x)
        m += 1
    return rle_uncompressed(counts, h, w)


def main():
    golden = json.load(open(sys.argv[1]))
    preds = json.load(open(sys.argv[2]))
    ours = [(l + 1, s, b, i) for i, (l, s, b) in enumerate(zip(preds["labels"], preds["scores"], preds["bboxes"]))]
    used = [False] * len(ours)
    matched, min_iou, max_diff, pairs = 0, 1.0, 0.0, []
    for j, (label, score, box) in enumerate(zip(golden["labels"], golden["scores"], golden["bboxes"])):
        best, best_iou = -1, 0.0
        for k, (l, s, b, _) in enumerate(ours):
            if used[k] or l != label or abs(s - score) > 1e-3:
                continue
            v = iou(box, b)
            if v >= 0.999 and v > best_iou:
                best, best_iou = k, v
        if best < 0:
            continue
        used[best] = True
        matched += 1
        min_iou = min(min_iou, best_iou)
        max_diff = max(max_diff, abs(ours[best][1] - score))
        pairs.append((j, ours[best][3]))
    n = len(golden["labels"])
    print(f"{golden['arch']}: torchvision {n} detections, Detect {len(ours)}; reproduced {matched}/{n} "
          f"({100.0 * matched / max(n, 1):.1f}%), extra {len(ours) - matched}; "
          f"matched min IoU {min_iou:.6f}, max |score diff| {max_diff:.2e}; "
          f"candidates above the threshold in torchvision: {golden['candidates_above_threshold']}")
    if "masks" in golden and "masks" in preds:
        ious = []
        for j, k in pairs:
            if j >= len(golden["masks"]):
                continue
            g = golden["masks"][j]
            a = rle_uncompressed(g["counts"], *g["size"])
            p = preds["masks"][k]
            b = rle_compressed(p["counts"], *p["size"])
            union = np.logical_or(a, b).sum()
            ious.append(np.logical_and(a, b).sum() / union if union else 1.0)
        print(f"  masks of {len(ious)} reproduced detections: mean IoU {np.mean(ious):.4f}, min {np.min(ious):.4f}")


if __name__ == "__main__":
    main()
