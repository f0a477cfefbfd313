#!/usr/bin/python3
"""Training-mode parity fixtures from torchvision 0.14 (Debian's python3-torchvision).

Run with Debian's Python (the pyenv `python3` on PATH lacks torch), after make_detector_fixtures.py:

    /usr/bin/python3 tests/golden/models/make_training_fixtures.py

Loads the narrow detectors that make_detector_fixtures.py saved (ARCH_narrow.pth: ResNet-50 of base width 4,
32-channel FPN, frozen BatchNorm, calibrated heads) into torchvision's RetinaNet, FCOS and Faster R-CNN with
torchvision's training settings except:

  - min_size 128 (torchvision's transform resizes the 150x200 photo to 128x170 and keeps the 128x160 one), so the
    backward pass stays cheap;
  - every backbone layer trainable (trainable_backbone_layers=5, as torchvision builds an untrained backbone), so
    the stem's gradient is compared too;
  - Faster R-CNN keeps every proposal (rpn_pre/post_nms_top_n_train 100000, rpn_nms_thresh 1.0: no NMS) and samples
    every anchor and every proposal (rpn/box_batch_size_per_image 100000, positive fraction 0.5), so its losses depend
    neither on random sampling nor on near-ties in NMS (which float32 rounding would break one way or the other).

One batch of two images runs through `model(images, targets)` in training mode; the sum of the losses is
back-propagated. Writes ARCH_narrow.training.golden.json next to the weights: the images, min/max size, the
targets (torchvision's labels, boxes on the original images), each loss (float32, oneDNN off; the float64 twin's
beside it), and the gradients of a few parameters from the float64 twin (stored as float32 little-endian, base64)
under torchvision's and Detect's names, each with torchvision's own float32 error against it. The second photo (raccoon_128x160.png) is written too.

The targets exercise what differs between torchvision's and MMDetection's training rules: two overlapping boxes
(torchvision's low-quality matches give an anchor its own best box, MMDetection the box it is best for), a tiny
box (no anchor reaches the IoU thresholds), boxes touching the image border, anchors over the second image's batch
padding (torchvision trains them, MMDetection's valid flags would drop them). "matcher_disagreements" counts the
anchors on which the two low-quality rules disagree for this batch.
"""
import base64
import json
import os
import sys

import cv2
import numpy as np
import torch
import torchvision
from torchvision.models import resnet as tv_resnet
from torchvision.models.detection import FCOS, FasterRCNN, RetinaNet
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
from torchvision.ops.feature_pyramid_network import LastLevelMaxPool, LastLevelP6P7
from torchvision.ops.misc import FrozenBatchNorm2d

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_backbone_fixtures import NarrowResNet  # noqa: E402
from make_detector_fixtures import DEFAULT_OUT, NARROW, fpn_backbone, load_rgb_tensor, raccoon, save_png  # noqa: E402

MIN_SIZE, MAX_SIZE = 128, 1333
SAMPLE_ALL = 100000

# Boxes on the original images (x1, y1, x2, y2) and torchvision labels (1..90; Detect's are one less).
IMAGES = [
    ("raccoon_150x200.png", [
        [38.0, 18.5, 162.0, 141.0],      # the face
        [66.0, 44.0, 101.0, 71.5],       # overlaps the next one: low-quality matches differ here
        [80.0, 52.0, 118.0, 80.0],
        [121.5, 96.25, 127.0, 101.0],    # tiny: 5.5 x 4.75
    ], [18, 1, 3, 5]),
    ("raccoon_128x160.png", [
        [0.0, 0.0, 41.0, 29.5],          # touches the top-left corner
        [118.0, 88.0, 160.0, 128.0],     # touches the right and bottom borders
        [3.0, 70.0, 60.5, 127.0],
    ], [7, 44, 90]),
]

# Losses: torchvision's name -> Detect's.
LOSSES = {
    "retinanet_resnet50_fpn": {"classification": "loss_cls", "bbox_regression": "loss_bbox"},
    "fcos_resnet50_fpn": {"classification": "loss_cls", "bbox_regression": "loss_bbox", "bbox_ctrness": "loss_centerness"},
    "fasterrcnn_resnet50_fpn": {"loss_objectness": "loss_rpn_cls", "loss_rpn_box_reg": "loss_rpn_bbox",
                                "loss_classifier": "loss_cls", "loss_box_reg": "loss_bbox"},
}

# Parameters whose gradients are compared: torchvision's name -> Detect's (MMDetection's state-dict keys).
BACKBONE_GRADS = {
    "backbone.body.conv1.weight": "backbone.conv1.weight",
    "backbone.body.layer2.0.conv2.weight": "backbone.layer2.0.conv2.weight",
    "backbone.body.layer4.2.conv3.weight": "backbone.layer4.2.conv3.weight",
    "backbone.fpn.inner_blocks.0.0.weight": "neck.lateral_convs.0.conv.weight",
    "backbone.fpn.layer_blocks.1.0.weight": "neck.fpn_convs.1.conv.weight",
}
HEAD_GRADS = {
    "retinanet_resnet50_fpn": {"head.classification_head.conv.0.0.weight": "bbox_head.cls_convs.0.conv.weight",
                               "head.regression_head.conv.0.0.weight": "bbox_head.reg_convs.0.conv.weight"},
    "fcos_resnet50_fpn": {"head.classification_head.conv.0.weight": "bbox_head.cls_convs.0.conv.weight",
                          "head.regression_head.conv.0.weight": "bbox_head.reg_convs.0.conv.weight"},
    "fasterrcnn_resnet50_fpn": {"rpn.head.conv.0.0.weight": "rpn_head.rpn_conv.weight",
                                "roi_heads.box_head.fc7.weight": "roi_head.bbox_head.shared_fcs.1.weight"},
}


def b64(t):
    return base64.b64encode(np.ascontiguousarray(t.detach().numpy().astype("<f4")).tobytes()).decode("ascii")


def photo_128x160():
    """A second crop of the photo, 128 pixels high so torchvision's transform keeps it as it is."""
    return cv2.resize(raccoon()[40:680, 150:950], (160, 128), interpolation=cv2.INTER_AREA)


def build(arch):
    """torchvision's detector of the narrow fixture's structure (frozen BatchNorm, every layer trainable)."""
    base, fpn = NARROW["base_channels"], NARROW["fpn_channels"]
    body = NarrowResNet(tv_resnet.Bottleneck, [3, 4, 6, 3], base=base, norm_layer=FrozenBatchNorm2d)
    sizes = dict(min_size=MIN_SIZE, max_size=MAX_SIZE)
    if arch == "fasterrcnn_resnet50_fpn":
        rep = NARROW["representation_size"]
        return FasterRCNN(fpn_backbone(body, base, fpn, [1, 2, 3, 4], LastLevelMaxPool()), num_classes=None,
                          box_head=TwoMLPHead(fpn * 7 * 7, rep), box_predictor=FastRCNNPredictor(rep, 91),
                          rpn_pre_nms_top_n_train=SAMPLE_ALL, rpn_post_nms_top_n_train=SAMPLE_ALL, rpn_nms_thresh=1.0,
                          rpn_batch_size_per_image=SAMPLE_ALL, rpn_positive_fraction=0.5,
                          box_batch_size_per_image=SAMPLE_ALL, box_positive_fraction=0.5, **sizes)
    backbone = fpn_backbone(body, base, fpn, [2, 3, 4], LastLevelP6P7(fpn, fpn))
    return RetinaNet(backbone, 91, **sizes) if arch == "retinanet_resnet50_fpn" else FCOS(backbone, 91, **sizes)


def mmdet_low_quality(matrix, pos_thr, neg_thr):
    """MMDetection's MaxIoUAssigner (min_pos_iou 0, gt_max_assign_all) on a gt x anchor IoU matrix, for the count only,
    in torchvision's encoding: -2 ignored, -1 negative, i >= 0 ground truth i."""
    max_overlaps, argmax = matrix.max(dim=0)
    assigned = torch.full_like(argmax, -2)
    assigned[max_overlaps < neg_thr] = -1
    assigned[max_overlaps >= pos_thr] = argmax[max_overlaps >= pos_thr]
    gt_max = matrix.max(dim=1).values
    for i in range(matrix.shape[0]):
        assigned[matrix[i] == gt_max[i]] = i
    return assigned


class CountingMatcher(det_utils.Matcher):
    """torchvision's Matcher that also counts the anchors on which MMDetection's low-quality rule would disagree."""

    def __init__(self, matcher, counts):
        super().__init__(matcher.high_threshold, matcher.low_threshold, matcher.allow_low_quality_matches)
        self.counts = counts

    def __call__(self, match_quality_matrix):
        matches = super().__call__(match_quality_matrix)
        theirs = mmdet_low_quality(match_quality_matrix, self.high_threshold, self.low_threshold)
        self.counts.append(int((matches != theirs).sum()))
        return matches


def targets():
    return [{"boxes": torch.tensor(boxes, dtype=torch.float32), "labels": torch.tensor(labels, dtype=torch.int64)}
            for _, boxes, labels in IMAGES]


def run(arch, out, dtype, counts=None):
    """One training step of torchvision's model in `dtype`: its losses and the gradients of their sum."""
    torch.manual_seed(0)
    model = build(arch)
    model.load_state_dict(torch.load(os.path.join(out, arch + "_narrow.pth")))
    model.to(dtype)
    if counts is not None and arch == "fasterrcnn_resnet50_fpn":
        model.rpn.proposal_matcher = CountingMatcher(model.rpn.proposal_matcher, counts)
    elif counts is not None and arch == "retinanet_resnet50_fpn":
        model.proposal_matcher = CountingMatcher(model.proposal_matcher, counts)
    model.train()
    images = [load_rgb_tensor(os.path.join(out, name)).to(dtype) for name, _, _ in IMAGES]
    batch_targets = [{"boxes": t["boxes"].to(dtype), "labels": t["labels"]} for t in targets()]
    losses = model(images, batch_targets)
    sum(losses.values()).backward()
    params = dict(model.named_parameters())
    return {k: float(v) for k, v in losses.items()}, {k: params[k].grad for k in {**BACKBONE_GRADS, **HEAD_GRADS[arch]}}


def max_relative_error(ours, reference):
    return float((ours.double() - reference).abs().max() / reference.abs().max())


def poison():
    """Frees a few NaN-filled blocks, so that a kernel reading memory it never wrote shows (PLATFORM.md)."""
    for _ in range(4):
        junk = torch.full((1 << 22,), float("nan"))
        del junk


def case(arch, out):
    """Losses of torchvision's float32 model (oneDNN off), gradients of its float64 twin, and float32's error against them.

    The float64 gradients are the reference: float32 ones are only as good as the model's conditioning allows (a ReLU or a
    GIoU min/max whose input rounds to the other side of its kink moves a whole slice of a weight gradient), and two
    float32 implementations differ there (torchvision's own float32 gradients are up to 1e-2 from float64 for FCOS, 6e-3 for
    RetinaNet's stem with oneDNN off, 1e-2 for Faster R-CNN's backbone with oneDNN on). So each gradient records
    torchvision's float32 error, the larger of oneDNN off and on: the bound Detect's is held to. The oneDNN step runs twice,
    the second time after freeing NaN-filled memory, and must give the same gradients (torch 1.13's kernels on AVX-512
    hosts could read memory they never wrote, as libtorch 2.10's do); the float64 losses must agree with float32's, which
    shows both made the same discrete choices (matches)."""
    counts = []
    with torch.backends.mkldnn.flags(enabled=False):
        run(arch, out, torch.float32, counts)
        losses, grads = run(arch, out, torch.float32)
    _, onednn = run(arch, out, torch.float32)
    poison()
    _, again = run(arch, out, torch.float32)
    for k in grads:
        assert torch.equal(onednn[k], again[k]), f"{arch} {k}: torch's float32 gradient changed between two runs"
    losses64, grads64 = run(arch, out, torch.float64)
    for k, v in losses.items():
        assert abs(losses64[k] - v) <= 1e-5 * abs(v), f"{arch} {k}: float32 {v}, float64 {losses64[k]}"
    golden = {
        "source": f"torchvision {torchvision.__version__}, torch {torch.__version__}; tests/golden/models/make_training_fixtures.py",
        "arch": arch,
        "widths": NARROW,
        "min_size": MIN_SIZE,
        "max_size": MAX_SIZE,
        "trainable_backbone_layers": 5,
        "sample_all": SAMPLE_ALL,
        "images": [{"image": name, "boxes": boxes, "labels": labels} for name, boxes, labels in IMAGES],
        "losses": [{"name": k, "detect_name": LOSSES[arch][k], "value": v, "float64": losses64[k]} for k, v in losses.items()],
        "grads_from": "float64",
        "grads": [{"name": k, "detect_name": v, "shape": list(grads64[k].shape), "float32_base64": b64(grads64[k].float()),
                   "torchvision_float32_error": max(max_relative_error(grads[k], grads64[k]), max_relative_error(onednn[k], grads64[k]))}
                  for k, v in {**BACKBONE_GRADS, **HEAD_GRADS[arch]}.items()],
    }
    if counts:
        golden["matcher_disagreements"] = counts
    with open(os.path.join(out, arch + "_narrow.training.golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
    print(f"{arch}: " + ", ".join(f"{k} {v:.6f}" for k, v in losses.items())
          + (f"; anchors where MMDetection's low-quality matches differ: {counts}" if counts else "")
          + "; float32 gradients vs float64: " + ", ".join(f"{g['torchvision_float32_error']:.1e}" for g in golden["grads"]))


def main():
    torch.set_num_threads(2)
    out = DEFAULT_OUT
    save_png(os.path.join(out, IMAGES[1][0]), photo_128x160())
    for arch in LOSSES:
        case(arch, out)


if __name__ == "__main__":
    sys.exit(main())
