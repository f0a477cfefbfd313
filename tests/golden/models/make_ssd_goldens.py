#!/usr/bin/python3
"""MMDetection 3.x's SSD pieces re-implemented from its source, for SSDHeadLossGoldenTests and SSDAnchorGeneratorTests.

Run with Debian's Python (torch 1.13, torchvision 0.14):

    /usr/bin/python3 tests/golden/models/make_ssd_goldens.py

1. SSDAnchorGenerator (mmdet/models/task_modules/prior_generators/anchor_generator.py): min/max sizes from
   basesize_ratio_range and input_size (SSD300 and SSD512 COCO), per-level ratios 1, 1/r, r, base anchors in float32 centred
   at stride / 2 with the sqrt(min * max) box last, shifted by the stride over small grids; and LegacySSDAnchorGenerator
   (the V1 SSD300 row), the same anchors centred at (stride - 1) / 2. Writes
   tests/Detect.Models.Tests/Golden/ssd_anchor_generator.golden.json.

2. SSD's training loss (SSDHead.loss_by_feat) on a tiny head:

Re-implements, from MMDetection 3.x's source, what SSDHead's loss computes: MaxIoUAssigner (pos 0.5, neg 0.5, min_pos_iou
0, low-quality matches, gt_max_assign_all False; IoU by torchvision.ops.box_iou), PseudoSampler (avg_factor = the batch's
positives), per image the softmax cross entropy of every anchor with hard negative mining (all positives plus the
neg_pos_ratio (3) x positives largest negative losses), summed and divided by avg_factor, and smooth L1 (beta 1) of the
positives' deltas over avg_factor; losses of the images summed (MMEngine's parse_losses sums a list). The anchors are
torchvision's DefaultBoxGenerator (the tiny SSD of the vocabulary tests: 64x64 image, four levels 8x8, 4x4, 2x2, 1x1 with 4,
6, 4, 4 boxes) and the targets torchvision's BoxCoder(10, 10, 5, 5).encode_single (MMDetection's DeltaXYWHBBoxCoder with
stds 0.1, 0.1, 0.2, 0.2 is the same arithmetic). The head's outputs are seeded random maps: the test feeds them to
SSDHead.LossByFeat directly.

Writes tests/Detect.Models.Tests/Golden/ssd_head_loss.golden.json.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import DefaultBoxGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.ops import box_iou

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "Detect.Models.Tests", "Golden", "ssd_head_loss.golden.json"))
NUM_CLASSES = 3
SIZES = [(8, 8), (4, 4), (2, 2), (1, 1)]
RATIOS = [[2], [2, 3], [2], [2]]
SCALES = [0.1, 0.2, 0.4, 0.7, 1.0]
STEPS = [8, 16, 32, 64]
NEG_POS_RATIO = 3


def anchors():
    generator = DefaultBoxGenerator(RATIOS, scales=SCALES, steps=STEPS)
    images = ImageList(torch.zeros(1, 3, 64, 64), [(64, 64)])
    return generator(images, [torch.zeros(1, 1, h, w) for h, w in SIZES])[0], generator.num_anchors_per_location()


def assign(priors, gt_boxes, gt_labels):
    """MaxIoUAssigner(0.5, 0.5, min_pos_iou=0, match_low_quality=True): labels (num_classes = background) and gt index."""
    n = priors.shape[0]
    labels = torch.full((n,), NUM_CLASSES, dtype=torch.long)
    matched = torch.full((n,), -1, dtype=torch.long)
    if gt_boxes.shape[0] == 0:
        return labels, matched
    overlaps = box_iou(gt_boxes, priors)  # G x N
    max_overlaps, argmax = overlaps.max(0)
    gt_max, gt_argmax = overlaps.max(1)
    assigned = torch.full((n,), -1, dtype=torch.long)
    assigned[(max_overlaps >= 0) & (max_overlaps < 0.5)] = 0
    pos = max_overlaps >= 0.5
    assigned[pos] = argmax[pos] + 1
    for i in range(gt_boxes.shape[0]):
        if gt_max[i] >= 0:
            assigned[gt_argmax[i]] = i + 1
    positive = assigned > 0
    matched[positive] = assigned[positive] - 1
    labels[positive] = gt_labels[matched[positive]]
    return labels, matched


def mmdet_ssd_sizes(basesize_ratio_range, input_size, num_levels):
    """SSDAnchorGenerator.__init__'s sizes without min_sizes / max_sizes."""
    min_ratio, max_ratio = int(basesize_ratio_range[0] * 100), int(basesize_ratio_range[1] * 100)
    step = int(np.floor(max_ratio - min_ratio) / (num_levels - 2))
    min_sizes, max_sizes = [], []
    for ratio in range(int(min_ratio), int(max_ratio) + 1, step):
        min_sizes.append(int(input_size * ratio / 100))
        max_sizes.append(int(input_size * (ratio + step) / 100))
    first = {(300, 0.15): (7, 15), (300, 0.2): (10, 20), (512, 0.1): (4, 10), (512, 0.15): (7, 15)}[(input_size, basesize_ratio_range[0])]
    min_sizes.insert(0, int(input_size * first[0] / 100))
    max_sizes.insert(0, int(input_size * first[1] / 100))
    return min_sizes, max_sizes


def mmdet_ssd_anchors(strides, ratios, min_sizes, max_sizes, featmap_sizes, legacy=False):
    """SSDAnchorGenerator's base anchors and AnchorGenerator.single_level_grid_priors, per level.

    legacy: LegacySSDAnchorGenerator, whose centres are ((stride - 1) / 2, (stride - 1) / 2). In MMDetection 3.x it derives
    from (SSDAnchorGenerator, LegacyAnchorGenerator); the method order makes SSDAnchorGenerator.gen_single_level_base_anchors
    the one called, so nothing else changes (no "+1" sizes, no rounding).
    """
    levels = []
    for k, stride in enumerate(strides):
        anchor_ratio = [1.0]
        for r in ratios[k]:
            if np.count_nonzero(np.abs([r - ar for ar in anchor_ratio]) < 1e-6):
                continue
            anchor_ratio += [1 / r, r]
        base = []
        for size, rs in ((torch.Tensor([min_sizes[k]]), torch.Tensor(anchor_ratio)),
                         (torch.Tensor(np.sqrt([max_sizes[k] * min_sizes[k]])), torch.Tensor([1.0]))):
            h_ratios = torch.sqrt(rs)
            w_ratios = 1 / h_ratios
            ws = (size[:, None] * w_ratios[None, :]).view(-1)
            hs = (size[:, None] * h_ratios[None, :]).view(-1)
            xc, yc = ((stride - 1) / 2.0, (stride - 1) / 2.0) if legacy else (stride / 2.0, stride / 2.0)
            base.append(torch.stack([xc - 0.5 * ws, yc - 0.5 * hs, xc + 0.5 * ws, yc + 0.5 * hs], dim=-1))
        base = torch.cat(base, 0)
        h, w = featmap_sizes[k]
        shift_x = torch.arange(0, w) * stride
        shift_y = torch.arange(0, h) * stride
        yy, xx = torch.meshgrid(shift_y.float(), shift_x.float(), indexing="ij")
        shifts = torch.stack([xx.reshape(-1), yy.reshape(-1), xx.reshape(-1), yy.reshape(-1)], dim=-1)
        levels.append((base[None, :, :] + shifts[:, None, :]).view(-1, 4).tolist())
    return levels


def anchor_goldens():
    ratios300 = [[2], [2, 3], [2, 3], [2, 3], [2], [2]]
    strides300 = [8, 16, 32, 64, 100, 300]
    min300, max300 = mmdet_ssd_sizes((0.15, 0.9), 300, 6)
    min512, max512 = mmdet_ssd_sizes((0.1, 0.9), 512, 7)
    sizes = [(3, 3), (2, 2), (2, 2), (1, 2), (1, 1), (1, 1)]
    golden = {
        "source": f"torch {torch.__version__}; tests/golden/models/make_ssd_goldens.py (MMDetection 3.x SSDAnchorGenerator re-implemented)",
        "ssd300": {"strides": strides300, "ratios": ratios300, "min_sizes": min300, "max_sizes": max300, "featmap_sizes": [list(s) for s in sizes],
                   "anchors": mmdet_ssd_anchors(strides300, ratios300, min300, max300, sizes)},
        "ssd512": {"min_sizes": min512, "max_sizes": max512},
        "ssd300_legacy": {"featmap_sizes": [list(s) for s in sizes],
                          "anchors": mmdet_ssd_anchors(strides300, ratios300, min300, max300, sizes, legacy=True)},
    }
    out = os.path.join(os.path.dirname(OUT), "ssd_anchor_generator.golden.json")
    with open(out, "w") as f:
        json.dump(golden, f)
    print(f"ssd_anchor_generator: SSD300 sizes {min300} / {max300}, SSD512 {min512} / {max512}")


def main():
    anchor_goldens()
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(7)
    priors, per_cell = anchors()
    cls_scores = [torch.randn(2, a * (NUM_CLASSES + 1), h, w, generator=gen) for (h, w), a in zip(SIZES, per_cell)]
    bbox_preds = [torch.randn(2, a * 4, h, w, generator=gen) * 0.5 for (h, w), a in zip(SIZES, per_cell)]
    gts = [
        (torch.tensor([[4.0, 6.0, 20.0, 26.0], [30.0, 8.0, 60.0, 40.0], [10.0, 34.0, 40.0, 62.0]]), torch.tensor([0, 2, 1])),
        (torch.tensor([[16.0, 16.0, 48.0, 52.0]]), torch.tensor([1])),
    ]
    coder = det_utils.BoxCoder((10.0, 10.0, 5.0, 5.0))
    scores = torch.cat([s.permute(0, 2, 3, 1).reshape(2, -1, NUM_CLASSES + 1) for s in cls_scores], 1)
    deltas = torch.cat([b.permute(0, 2, 3, 1).reshape(2, -1, 4) for b in bbox_preds], 1)
    targets = [assign(priors, boxes, labels) for boxes, labels in gts]
    avg_factor = sum(int((labels < NUM_CLASSES).sum()) for labels, _ in targets)
    loss_cls, loss_bbox, details = 0.0, 0.0, []
    for i, ((labels, matched), (boxes, _)) in enumerate(zip(targets, gts)):
        loss_all = F.cross_entropy(scores[i], labels, reduction="none")
        pos = (labels < NUM_CLASSES).nonzero().view(-1)
        neg = (labels == NUM_CLASSES).nonzero().view(-1)
        num_neg = min(NEG_POS_RATIO * pos.numel(), neg.numel())
        top_neg, _ = loss_all[neg].topk(num_neg)
        cls = (loss_all[pos].sum() + top_neg.sum()) / avg_factor
        encoded = coder.encode_single(boxes[matched[pos]], priors[pos])
        diff = (deltas[i][pos] - encoded).abs()
        box = torch.where(diff < 1.0, 0.5 * diff * diff, diff - 0.5).sum() / avg_factor
        loss_cls += cls
        loss_bbox += box
        details.append({"positives": pos.numel(), "hard_negatives": num_neg, "loss_cls": float(cls), "loss_bbox": float(box),
                        "smallest_kept_negative_loss": float(top_neg[-1]),
                        "largest_dropped_negative_loss": float(loss_all[neg].sort(descending=True)[0][num_neg])})
    golden = {
        "source": f"torch {torch.__version__}, torchvision {torchvision.__version__}; tests/golden/models/make_ssd_goldens.py",
        "num_classes": NUM_CLASSES, "image_size": [64, 64], "featmap_sizes": [list(s) for s in SIZES],
        "aspect_ratios": RATIOS, "scales": SCALES, "steps": STEPS, "neg_pos_ratio": NEG_POS_RATIO,
        "cls_scores": [s.flatten().tolist() for s in cls_scores],
        "bbox_preds": [b.flatten().tolist() for b in bbox_preds],
        "gt_bboxes": [b.tolist() for b, _ in gts], "gt_labels": [l.tolist() for _, l in gts],
        "avg_factor": avg_factor, "images": details,
        "loss_cls": float(loss_cls), "loss_bbox": float(loss_bbox),
    }
    with open(OUT, "w") as f:
        json.dump(golden, f)
    print(f"ssd_head_loss: avg_factor {avg_factor}, loss_cls {float(loss_cls):.7f}, loss_bbox {float(loss_bbox):.7f}, {details}")


if __name__ == "__main__":
    main()
