#!/usr/bin/python3
"""Detectron2-format checkpoints of the narrow torchvision detector fixtures, for `detect convert --from detectron2`.

    /usr/bin/python3 tests/golden/checkpoints/make_detectron2_checkpoint.py

Reads tests/Detect.Models.Tests/Golden/detectors/ARCH_narrow.pth (torchvision 0.14 weights, written by
tests/golden/models/make_detector_fixtures.py) and writes next to it, in Detectron2's key layout:

  ARCH_narrow.detectron2.pkl   as the Detectron2 model zoo ships checkpoints: pickle.dump (protocol 2, so raw bytes are
                               spelled _codecs.encode(..., 'latin1')) of {"model": {name: numpy.ndarray},
                               "__author__": ..., "matching_heuristics": False}
  fasterrcnn_resnet50_fpn_narrow.detectron2.pth   torch.save of {"model": {name: torch.Tensor}} (Detectron2's own
                               checkpointer's layout)

The weights are what a Detectron2 checkpoint of the same network would hold (Detectron2's conventions, not
torchvision's): ResNet under backbone.bottom_up (stem.conv1 + .norm, resN.i.convK + .norm, shortcut + .norm, no
num_batches_tracked), FPN as backbone.fpn_lateralL / fpn_outputL (L = level) and top_block.p6/p7; RPN under
proposal_generator.rpn_head (conv, objectness_logits, anchor_deltas); box head fc1/fc2 and box_predictor cls_score with
the background class LAST (torchvision's class 0 moved) and bbox_pred without the background's 4 rows; mask head
mask_fcn1..4, deconv, predictor (background dropped); RetinaNet head.cls_subnet/bbox_subnet.{0,2,4,6}, cls_score (no
background: torchvision's unused class 0 dropped) and bbox_pred, with the anchors of each location reordered from
torchvision's (aspect ratio outer, size inner) to Detectron2's (size outer, aspect ratio inner,
DefaultAnchorGenerator._calculate_anchors). Run through Detect's converter, the result must load into the torchvision
experiment with no missing or unexpected keys and give torchvision's detections.

It also writes the numpy reader's fixtures (protocol 4: BINBYTES and FRAME instead of protocol 2's _codecs.encode):
  numpy_arrays.pkl    {"model": {f8, i8, big-endian f4, bool, u1, empty arrays}, "iteration": numpy.int64 scalar,
                       "lr": numpy.float32 scalar}; the test holds the values
  numpy_complex.pkl   {"model": {"w": complex64 array}}   (an unsupported dtype)
  numpy_fortran.pkl   {"model": {"w": Fortran-ordered float32 array}}
"""
import os
import pickle
import re
from collections import OrderedDict

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.normpath(os.path.join(HERE, "..", "..", "Detect.Models.Tests", "Golden", "detectors"))
RATIOS, SIZES = 3, 3  # torchvision's (and Detectron2's) RetinaNet: 3 aspect ratios x 3 sizes per location


def resnet(key):
    m = re.fullmatch(r"backbone\.body\.(conv1|bn1)\.(.+)", key)
    if m:
        return "backbone.bottom_up.stem.conv1." + ("" if m[1] == "conv1" else "norm.") + m[2]
    m = re.fullmatch(r"backbone\.body\.layer(\d)\.(\d+)\.(conv|bn)(\d)\.(.+)", key)
    if m:
        return f"backbone.bottom_up.res{int(m[1]) + 1}.{m[2]}.conv{m[4]}." + ("norm." if m[3] == "bn" else "") + m[5]
    m = re.fullmatch(r"backbone\.body\.layer(\d)\.(\d+)\.downsample\.([01])\.(.+)", key)
    if m:
        return f"backbone.bottom_up.res{int(m[1]) + 1}.{m[2]}.shortcut." + ("norm." if m[3] == "1" else "") + m[4]
    return None


def fpn(key, lowest):
    m = re.fullmatch(r"backbone\.fpn\.(inner|layer)_blocks\.(\d)\.0\.(.+)", key)
    if m:
        return f"backbone.fpn_{'lateral' if m[1] == 'inner' else 'output'}{int(m[2]) + lowest}.{m[3]}"
    m = re.fullmatch(r"backbone\.fpn\.extra_blocks\.(p6|p7)\.(.+)", key)
    if m:
        return f"backbone.top_block.{m[1]}.{m[2]}"
    return None


def anchors_size_major(t, per):
    """Rows grouped (ratio, size, per) -> (size, ratio, per)."""
    rest = t.shape[1:]
    return t.reshape(RATIOS, SIZES, per, *rest).transpose(0, 1).reshape(-1, *rest).contiguous()


def convert(arch, sd):
    out = OrderedDict()
    lowest = 3 if arch.startswith("retinanet") else 2
    classes = 91  # torchvision's num_classes, background (or its unused class 0) included
    for key, v in sd.items():
        if key.endswith("num_batches_tracked"):
            continue  # Detectron2's FrozenBatchNorm2d has none
        name = resnet(key) or fpn(key, lowest)
        if name is None:
            m = re.fullmatch(r"rpn\.head\.(conv\.0\.0|cls_logits|bbox_pred)\.(.+)", key)
            if m:
                name = "proposal_generator.rpn_head." + {"conv.0.0": "conv", "cls_logits": "objectness_logits", "bbox_pred": "anchor_deltas"}[m[1]] + "." + m[2]
        if name is None:
            m = re.fullmatch(r"roi_heads\.box_head\.fc(6|7)\.(.+)", key)
            if m:
                name = f"roi_heads.box_head.fc{int(m[1]) - 5}.{m[2]}"
        if name is None:
            m = re.fullmatch(r"roi_heads\.box_predictor\.(cls_score|bbox_pred)\.(.+)", key)
            if m:
                name = f"roi_heads.box_predictor.{m[1]}.{m[2]}"
                v = torch.cat([v[1:], v[:1]]) if m[1] == "cls_score" else v[4:]
        if name is None:
            m = re.fullmatch(r"roi_heads\.mask_head\.(\d)\.0\.(.+)", key)
            if m:
                name = f"roi_heads.mask_head.mask_fcn{int(m[1]) + 1}.{m[2]}"
        if name is None:
            m = re.fullmatch(r"roi_heads\.mask_predictor\.(conv5_mask|mask_fcn_logits)\.(.+)", key)
            if m:
                name = "roi_heads.mask_head." + ("deconv" if m[1] == "conv5_mask" else "predictor") + "." + m[2]
                if m[1] == "mask_fcn_logits":
                    v = v[1:]
        if name is None:
            m = re.fullmatch(r"head\.(classification|regression)_head\.conv\.(\d)\.0\.(.+)", key)
            if m:
                name = f"head.{'cls' if m[1] == 'classification' else 'bbox'}_subnet.{2 * int(m[2])}.{m[3]}"
        if name is None:
            m = re.fullmatch(r"head\.classification_head\.cls_logits\.(.+)", key)
            if m:
                name = "head.cls_score." + m[1]
                v = anchors_size_major(v.reshape(RATIOS * SIZES, classes, *v.shape[1:])[:, 1:].reshape(-1, *v.shape[1:]), classes - 1)
        if name is None:
            m = re.fullmatch(r"head\.regression_head\.bbox_reg\.(.+)", key)
            if m:
                name = "head.bbox_pred." + m[1]
                v = anchors_size_major(v, 4)
        if name is None:
            raise KeyError(f"{arch}: no Detectron2 name for {key}")
        out[name] = v.detach().contiguous()
    return out


def main():
    for arch in ["fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn", "retinanet_resnet50_fpn"]:
        sd = torch.load(os.path.join(DIR, arch + "_narrow.pth"), map_location="cpu")
        d2 = convert(arch, sd)
        pkl = {"model": {k: v.numpy() for k, v in d2.items()}, "__author__": "Detect tests (torchvision weights)", "matching_heuristics": False}
        with open(os.path.join(DIR, arch + "_narrow.detectron2.pkl"), "wb") as f:
            pickle.dump(pkl, f, protocol=2)
        if arch == "fasterrcnn_resnet50_fpn":
            torch.save({"model": d2}, os.path.join(DIR, arch + "_narrow.detectron2.pth"))
        print(arch, len(d2), "tensors")
    arrays = {
        "f8": np.arange(6, dtype=np.float64).reshape(2, 3) / 4,
        "i8": np.array([-3, 0, 1 << 40], dtype=np.int64),
        "f4_big": np.array([[1.5, -2.0], [0.25, 1e-3]], dtype=">f4"),
        "bool": np.array([True, False, True]),
        "u1": np.array([0, 7, 255], dtype=np.uint8),
        "empty": np.zeros((0, 4), dtype=np.float32),
    }
    numbers = {"model": arrays, "iteration": np.int64(90000), "lr": np.float32(0.5)}
    fixtures = {
        "numpy_arrays.pkl": numbers,
        "numpy_complex.pkl": {"model": {"w": np.ones(2, dtype=np.complex64)}},
        "numpy_fortran.pkl": {"model": {"w": np.asfortranarray(np.ones((2, 3), dtype=np.float32))}},
    }
    for name, value in fixtures.items():
        with open(os.path.join(DIR, name), "wb") as f:
            pickle.dump(value, f, protocol=4)


if __name__ == "__main__":
    main()
