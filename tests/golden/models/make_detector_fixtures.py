#!/usr/bin/python3
"""Detector parity fixtures from torchvision 0.14 (Debian's python3-torchvision).

Run with Debian's Python (the pyenv `python3` on PATH lacks torch):

    /usr/bin/python3 tests/golden/models/make_detector_fixtures.py                 # committed fixtures
    /usr/bin/python3 tests/golden/models/make_detector_fixtures.py --full DIR      # full-size models

Builds torchvision's fasterrcnn / maskrcnn / retinanet / fcos _resnet50_fpn and ssd300_vgg16 with random but fixed weights,
saves them with torch.save exactly as torchvision users have them (FrozenBatchNorm2d, no
num_batches_tracked), runs them on a real photo and writes their detections:

  <arch>.pth           the weights (state_dict)
  <arch>.golden.json   widths, calibration, how many candidates passed the score threshold, and the
                       detections (labels as torchvision numbers them, scores, xyxy boxes, and for Mask
                       R-CNN the first masks as uncompressed column-major RLE)

Default mode: narrow models of the same structure (ResNet-50 base width 4, FPN 32 channels) on a
150x200 crop of the photo (which torchvision, and Detect, resize to 800x1066), written next to the
tests in tests/Detect.Models.Tests/Golden/detectors/. --full DIR: the full-size models on the photo
resized to 800 pixels high (800x1067, so no resize), for measuring parity on the real architectures.

The photo is scipy's raccoon face (scipy.misc.face, "raccoon-procyon-lotor.jpg" from
public-domain-image.com, public domain), saved as PNG so both sides read the same pixels.

Weights: BatchNorm affine parameters are randomized and their statistics calibrated on random
batches (as make_backbone_fixtures.py does), then frozen. Random heads score almost nothing above the
thresholds, so the classifiers are calibrated: their weights are scaled and their biases set so that a
few hundred (box, class) pairs pass the score threshold; class 0, which Detect drops (torchvision's
background), gets a bias of -30 where a sigmoid would otherwise let it fire. FCOS's distance regression
gets biases of 1 to 3 strides, so its boxes are boxes rather than points; the R-CNN box regressors are
scaled to deltas of about unit spread (after the coder's weights), as trained ones give, instead of
the extreme sizes of random ones (in the full-size models the RPN's regressor too, to deltas of spread 0.5, and its objectness logits to a spread of 2, so no proposals tie at a score of exactly 1.0); Mask R-CNN's mask logits are scaled to vary by about 4, so its masks
are not coin tosses at the 0.5 threshold.
"""
import argparse
import json
import os
import sys
import warnings

import cv2
import numpy as np
import torch
import torch.nn as nn
import torchvision
from torchvision.models import resnet as tv_resnet
from torchvision.models.detection import FCOS, FasterRCNN, MaskRCNN, RetinaNet
from torchvision.models.detection.backbone_utils import BackboneWithFPN
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
from torchvision.ops.feature_pyramid_network import LastLevelMaxPool, LastLevelP6P7
from torchvision.ops.misc import FrozenBatchNorm2d

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_backbone_fixtures import NarrowResNet, calibrate, randomize_norms, resnet_features  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "..", "Detect.Models.Tests", "Golden", "detectors"))
ARCHS = ["fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn", "retinanet_resnet50_fpn", "fcos_resnet50_fpn", "ssd300_vgg16"]
NARROW = {"base_channels": 4, "fpn_channels": 32, "representation_size": 64, "mask_channels": 32}
FULL = {"base_channels": 64, "fpn_channels": 256, "representation_size": 1024, "mask_channels": 256}
# SSD300: VGG-16's first width and conv6/conv7's (the extra levels scale with the first: 512, 256, 256, 256 at 64).
SSD_NARROW = {"base_channels": 4, "fc_channels": 32}
SSD_FULL = {"base_channels": 64, "fc_channels": 1024}

# How many (box, class) pairs should pass the score threshold, before NMS and the per-image cap.
TARGET_CANDIDATES = {
    "fasterrcnn_resnet50_fpn": 400,
    "maskrcnn_resnet50_fpn": 400,
    "retinanet_resnet50_fpn": 600,
    "fcos_resnet50_fpn": 400,
    "ssd300_vgg16": 1500,
}


def raccoon():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import scipy.misc
        return scipy.misc.face()  # RGB, 768x1024


def photo_full():
    return cv2.resize(raccoon(), (1067, 800), interpolation=cv2.INTER_CUBIC)


def photo_crop():
    return cv2.resize(raccoon()[200:560, 280:760], (200, 150), interpolation=cv2.INTER_AREA)


def photo_bench():
    """The benchmark's 800x1216 input (the photo stretched to the benchmark's size)."""
    return cv2.resize(raccoon(), (1216, 800), interpolation=cv2.INTER_CUBIC)


def save_png(path, rgb):
    cv2.imwrite(path, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))


def load_rgb_tensor(path):
    """What torchvision's detection models take: a float RGB image in [0, 1], C x H x W."""
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    return torch.from_numpy(np.ascontiguousarray(bgr[:, :, ::-1])).permute(2, 0, 1).float() / 255


def frozen_body(base, gen):
    """ResNet-50 of the given width with calibrated, then frozen, BatchNorm."""
    body = NarrowResNet(tv_resnet.Bottleneck, [3, 4, 6, 3], base=base)
    randomize_norms(body, gen)
    calibrate(body, resnet_features, (2, 3, 128, 160), gen)
    for name, module in list(body.named_modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, nn.BatchNorm2d):
                frozen = FrozenBatchNorm2d(child.num_features, eps=child.eps)
                for buffer in ("weight", "bias", "running_mean", "running_var"):
                    getattr(frozen, buffer).copy_(getattr(child, buffer).detach())
                setattr(module, child_name, frozen)
    return body


def fpn_backbone(body, base, fpn_channels, returned, extra):
    return_layers = {f"layer{k}": str(i) for i, k in enumerate(returned)}
    in_channels = [base * 4 * 2 ** (k - 1) for k in returned]
    return BackboneWithFPN(body, return_layers, in_channels, fpn_channels, extra_blocks=extra)


def build(arch, widths, gen):
    base, fpn = widths["base_channels"], widths["fpn_channels"]
    body = frozen_body(base, gen)
    if arch in ("fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn"):
        backbone = fpn_backbone(body, base, fpn, [1, 2, 3, 4], LastLevelMaxPool())
        rep = widths["representation_size"]
        box = dict(box_head=TwoMLPHead(fpn * 7 * 7, rep), box_predictor=FastRCNNPredictor(rep, 91))
        if arch == "fasterrcnn_resnet50_fpn":
            return FasterRCNN(backbone, num_classes=None, **box)
        m = widths["mask_channels"]
        return MaskRCNN(backbone, num_classes=None, mask_head=MaskRCNNHeads(fpn, (m, m, m, m), 1),
                        mask_predictor=MaskRCNNPredictor(m, m, 91), **box)
    backbone = fpn_backbone(body, base, fpn, [2, 3, 4], LastLevelP6P7(fpn, fpn))
    return RetinaNet(backbone, 91) if arch == "retinanet_resnet50_fpn" else FCOS(backbone, 91)


def classifier(model, arch):
    if arch in ("fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn"):
        return model.roi_heads.box_predictor.cls_score, 1
    return model.head.classification_head.cls_logits, (9 if arch == "retinanet_resnet50_fpn" else 1)


def classifier_outputs(model, arch, image):
    """The classifier's outputs on this image without its bias (per level for dense heads), and FCOS's centerness."""
    layer, _ = classifier(model, arch)
    outputs, ctrness = [], []
    hooks = [layer.register_forward_hook(lambda module, inputs, output: outputs.append(output.detach()))]
    if arch == "fcos_resnet50_fpn":
        hooks.append(model.head.regression_head.bbox_ctrness.register_forward_hook(
            lambda module, inputs, output: ctrness.append(output.detach())))
    with torch.no_grad():
        model([image])
    for h in hooks:
        h.remove()
    shape = (1, -1) if outputs[0].dim() == 2 else (1, -1, 1, 1)
    return [o - layer.bias.detach().view(shape) for o in outputs], ctrness


def count_candidates(model, arch, outputs, ctrness, bias):
    """(box, class) pairs passing the score threshold (before NMS and the per-image cap) for a classifier bias,
    computed from the bias-free outputs as torchvision scores them; class 0 is never counted."""
    if arch in ("fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn"):
        scores = torch.softmax(outputs[0] + bias.view(1, -1), -1)[:, 1:]
        return int((scores > model.roi_heads.score_thresh).sum())
    n = 0
    for level, out in enumerate(outputs):
        anchors = bias.numel() // 91
        logits = (out + bias.view(1, -1, 1, 1)).view(anchors, 91, -1)[:, 1:]
        scores = torch.sigmoid(logits)
        if arch == "fcos_resnet50_fpn":
            scores = torch.sqrt(scores * torch.sigmoid(ctrness[level]).view(1, 1, -1))
        n += int((scores > model.score_thresh).sum())
    return n


def scale_outputs(model, layer, image, spread):
    """Scales a layer's weights (bias 0) so its outputs vary by about `spread` over this image."""
    outputs = []
    hook = layer.register_forward_hook(lambda module, inputs, output: outputs.append(output.detach()))
    with torch.no_grad():
        model([image])
    hook.remove()
    with torch.no_grad():
        layer.weight.mul_(spread / float(outputs[0].std()))
        layer.bias.zero_()


def calibrate_classifier(model, arch, image, gen):
    """Scales the classifier so its logits vary by about 1 over this image, then finds the bias offset (by
    bisection) at which about TARGET_CANDIDATES pairs pass the score threshold. Class 0 (torchvision's
    background) keeps bias 0 under a softmax and gets -30 under a sigmoid, so it never fires."""
    layer, anchors = classifier(model, arch)
    softmax = arch in ("fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn")
    with torch.no_grad():
        layer.weight.copy_(torch.randn(layer.weight.shape, generator=gen))
        layer.bias.zero_()
    outputs, _ = classifier_outputs(model, arch, image)
    spread = float(torch.cat([o.flatten() for o in outputs]).std())
    with torch.no_grad():
        layer.weight.div_(spread)
    outputs, ctrness = classifier_outputs(model, arch, image)
    noise = torch.randn(anchors, 91, generator=gen) * 0.5

    def bias_for(offset):
        bias = noise + offset
        bias[:, 0] = 0.0 if softmax else -30.0
        return bias.view(-1)

    low, high, target = -10.0, 10.0, TARGET_CANDIDATES[arch]
    for _ in range(40):
        mid = (low + high) / 2
        if count_candidates(model, arch, outputs, ctrness, bias_for(mid)) < target:
            low = mid
        else:
            high = mid
    with torch.no_grad():
        layer.bias.copy_(bias_for(high))
    return {"logit_spread_before_scaling": spread, "bias_noise_std": 0.5, "bias_offset": high,
            "class0_bias": 0.0 if softmax else -30.0, "target_candidates": target,
            "candidates_above_threshold": count_candidates(model, arch, outputs, ctrness, bias_for(high))}


def rle(mask):
    """Uncompressed COCO RLE (column-major runs, starting with zeros) of an H x W bool array."""
    flat = mask.reshape(-1, order="F").astype(np.uint8)
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(flat)) + 1, [flat.size]])
    runs = np.diff(bounds).tolist()
    if flat.size and flat[0]:
        runs = [0] + runs
    return {"size": list(mask.shape), "counts": [int(r) for r in runs]}


def case(out, arch, widths, image_path, seed, name, max_masks, full=False):
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = build(arch, widths, gen)
    if arch == "fcos_resnet50_fpn":
        # FCOS regresses ReLU'd distances in strides; near-zero random outputs would make every box a point.
        with torch.no_grad():
            model.head.regression_head.bbox_reg.bias.copy_(torch.rand(4, generator=gen) * 2 + 1)
    model.eval()
    image = load_rgb_tensor(image_path)
    if arch in ("fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn"):
        # Box deltas as a trained head gives them (normalized by the coder's weights to about unit spread), rather
        # than the extreme widths a random layer produces (0.1-pixel-wide boxes whose IoU no float noise survives).
        scale_outputs(model, model.roi_heads.box_predictor.bbox_pred, image, 1.0)
        if full:
            # The RPN's deltas likewise (coder weights 1: deltas of spread 0.5): its random ones reach ±36, so most
            # proposals are clipped to the image edges or slivers 0.01 pixels wide, which the 1e-6 relative rounding
            # differences of another runtime's convolutions move by a large part of their width. Full-size only: the
            # committed narrow fixtures keep their weights.
            scale_outputs(model, model.rpn.head.bbox_pred, image, 0.5)
            # And its objectness logits to a spread of 2 (a trained RPN's range): random ones reach ±32, so thousands
            # of proposals score exactly 1.0 in float32 and the 1,000-proposal cap falls inside a block of ties, whose
            # order only the reference's unstable sort decides (an exported graph's TopK keeps ties in index order).
            scale_outputs(model, model.rpn.head.cls_logits, image, 2.0)
    calibration = calibrate_classifier(model, arch, image, gen)
    if arch == "maskrcnn_resnet50_fpn":
        # Random mask logits near 0 would make every mask pixel a coin toss at the 0.5 threshold.
        scale_outputs(model, model.roi_heads.mask_predictor.mask_fcn_logits, image, 4.0)
        calibration["mask_logit_spread"] = 4.0
    candidates = calibration["candidates_above_threshold"]
    with torch.no_grad():
        det = model([image])[0]
    torch.save(model.state_dict(), os.path.join(out, name + ".pth"))
    golden = {
        "source": f"torchvision {torchvision.__version__}, torch {torch.__version__}; tests/golden/models/make_detector_fixtures.py",
        "arch": arch,
        "widths": widths,
        "image": os.path.basename(image_path),
        "image_size": list(image.shape[1:]),
        "calibration": calibration,
        "candidates_above_threshold": candidates,
        "labels": det["labels"].tolist(),
        "scores": [float(s) for s in det["scores"]],
        "bboxes": [[float(v) for v in b] for b in det["boxes"]],
    }
    if "masks" in det:
        golden["masks"] = [rle(m[0].numpy() > 0.5) for m in det["masks"][:max_masks]]
    with open(os.path.join(out, name + ".golden.json"), "w") as f:
        json.dump(golden, f)
    print(f"{name}: {candidates} candidates above the threshold, {len(golden['scores'])} detections, "
          f"labels {sorted(set(golden['labels']))[:8]}...")


def task_modules(out):
    """torchvision's AnchorGenerator (strides measured on the batch) and BoxCoder, for the unit tests."""
    from torchvision.models.detection import _utils as det_utils
    from torchvision.models.detection.anchor_utils import AnchorGenerator
    from torchvision.models.detection.image_list import ImageList
    from torchvision.models.detection.retinanet import _default_anchorgen
    from torchvision.models.detection.faster_rcnn import _default_anchorgen as rpn_anchorgen

    images = ImageList(torch.zeros(1, 3, 100, 136), [(100, 136)])

    def anchors(generator, sizes):
        feats = [torch.zeros(1, 1, h, w) for h, w in sizes]
        return [a.tolist() for a in generator(images, feats)[0].split([h * w * generator.num_anchors_per_location()[0] for h, w in sizes])]

    gen = torch.Generator().manual_seed(5)
    boxes = torch.rand(40, 2, generator=gen) * 80
    boxes = torch.cat([boxes, boxes + torch.rand(40, 2, generator=gen) * 60 + 1], 1)
    deltas = torch.randn(40, 8, generator=gen) * 2
    deltas[:4, 2] = torch.tensor([-9.0, -5.0, 6.0, 9.0])  # beyond log(1000/16) both ways
    gt = torch.cat([boxes[:, :2] - torch.rand(40, 2, generator=gen) * 5, boxes[:, 2:] + torch.rand(40, 2, generator=gen) * 5], 1)
    coder = det_utils.BoxCoder((10.0, 10.0, 5.0, 5.0))
    golden = {
        "source": f"torchvision {torchvision.__version__}; tests/golden/models/make_detector_fixtures.py",
        "batch_shape": [100, 136],
        "retinanet": {"featmap_sizes": [[13, 17], [7, 9], [4, 5], [2, 3], [1, 2]],
                      "anchors": anchors(_default_anchorgen(), [(13, 17), (7, 9), (4, 5), (2, 3), (1, 2)])},
        "rpn": {"featmap_sizes": [[25, 34], [13, 17], [7, 9], [4, 5], [2, 3]],
                "anchors": anchors(rpn_anchorgen(), [(25, 34), (13, 17), (7, 9), (4, 5), (2, 3)])},
        "coder": {"weights": [10.0, 10.0, 5.0, 5.0], "boxes": boxes.tolist(), "deltas": deltas.tolist(),
                  "decoded": coder.decode_single(deltas, boxes).tolist(),
                  "gt": gt.tolist(), "encoded": coder.encode_single(gt, boxes).tolist()},
    }
    with open(os.path.join(out, "torchvision_task_modules.golden.json"), "w") as f:
        json.dump(golden, f)
    print("torchvision_task_modules: anchors of RetinaNet and RPN generators, BoxCoder(10, 10, 5, 5)")


# ---------------------------------------------------------------------------------------------------------------------
# SSD300 (torchvision's ssd300_vgg16). Its feature extractor hard-codes VGG-16's widths, so the narrow model is
# SSDFeatureExtractorVGG's structure written out with the widths as parameters (the same module names, hence the same
# state-dict keys); the full-size model is torchvision's own ssd300_vgg16. Both get fresh seeded weights:
#   - every convolution random normal, then scaled layer by layer (in forward order, on the photo) to outputs of unit
#     spread, so that 15+ random layers neither vanish nor explode and every level carries signal;
#   - the L2Norm weights 20 · (1 + 0.1 · noise), so the per-channel weights are exercised;
#   - the box regressors scaled to outputs of spread 1 (deltas of 0.1 / 0.2 after the coder's weights 10, 10, 5, 5);
#   - the classifiers scaled to logits of unit spread per level, and their biases (class 0, the background, 0; every other
#     class 0.5 · noise + a common offset, class 1 SSD_CLASS1_BOOST more) bisected until TARGET_CANDIDATES (anchor, class)
#     pairs have softmax scores above 0.01. Class 1's boost gives it more than torchvision's 400 candidates per class, so
#     the per-class cap (topk_candidates) decides which of them reach NMS.
# ---------------------------------------------------------------------------------------------------------------------

SSD_CLASS1_BOOST = 2.5
SSD_SEED = 25  # fixed, whichever other archs run (the others take 21 + their position in --archs)
SSD_ASPECT_RATIOS = [[2], [2, 3], [2, 3], [2, 3], [2], [2]]
SSD_SCALES = [0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05]
SSD_STEPS = [8, 16, 32, 64, 100, 300]


class NarrowSSDFeatureExtractorVGG(nn.Module):
    """torchvision's SSDFeatureExtractorVGG (SSD300, highres=False) with VGG-16 of first width `base` and conv6/conv7 of
    `fc` channels; the extra levels have base/64 times torchvision's widths."""

    def __init__(self, base, fc):
        super().__init__()
        from torchvision.models.vgg import make_layers
        b = base
        vgg = make_layers([b, b, "M", 2 * b, 2 * b, "M", 4 * b, 4 * b, 4 * b, "M", 8 * b, 8 * b, 8 * b, "M", 8 * b, 8 * b, 8 * b, "M"])
        pools = [i for i, layer in enumerate(vgg) if isinstance(layer, nn.MaxPool2d)]
        vgg[pools[2]].ceil_mode = True
        self.scale_weight = nn.Parameter(torch.ones(8 * b) * 20)
        self.features = nn.Sequential(*vgg[:pools[3]])
        # torchvision's 256 -> 512, 128 -> 256 (three times) at b = 64: 4b -> 8b, 2b -> 4b.
        extra = nn.ModuleList([
            nn.Sequential(nn.Conv2d(fc, 4 * b, 1), nn.ReLU(inplace=True), nn.Conv2d(4 * b, 8 * b, 3, padding=1, stride=2), nn.ReLU(inplace=True)),
            nn.Sequential(nn.Conv2d(8 * b, 2 * b, 1), nn.ReLU(inplace=True), nn.Conv2d(2 * b, 4 * b, 3, padding=1, stride=2), nn.ReLU(inplace=True)),
            nn.Sequential(nn.Conv2d(4 * b, 2 * b, 1), nn.ReLU(inplace=True), nn.Conv2d(2 * b, 4 * b, 3), nn.ReLU(inplace=True)),
            nn.Sequential(nn.Conv2d(4 * b, 2 * b, 1), nn.ReLU(inplace=True), nn.Conv2d(2 * b, 4 * b, 3), nn.ReLU(inplace=True)),
        ])
        fc_block = nn.Sequential(
            nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=False),
            nn.Conv2d(8 * b, fc, kernel_size=3, padding=6, dilation=6), nn.ReLU(inplace=True),
            nn.Conv2d(fc, fc, kernel_size=1), nn.ReLU(inplace=True))
        extra.insert(0, nn.Sequential(*vgg[pools[3]:-1], fc_block))
        self.extra = extra

    # torchvision's SSDFeatureExtractorVGG.forward
    forward = torchvision.models.detection.ssd.SSDFeatureExtractorVGG.forward


def ssd_build(widths):
    from torchvision.models.detection.ssd import SSD, ssd300_vgg16
    from torchvision.models.detection.anchor_utils import DefaultBoxGenerator
    if widths == SSD_FULL:
        return ssd300_vgg16(weights=None, weights_backbone=None, num_classes=91)
    backbone = NarrowSSDFeatureExtractorVGG(widths["base_channels"], widths["fc_channels"])
    anchors = DefaultBoxGenerator(SSD_ASPECT_RATIOS, scales=SSD_SCALES, steps=SSD_STEPS)
    return SSD(backbone, anchors, (300, 300), 91, image_mean=[0.48235, 0.45882, 0.40784], image_std=[1.0 / 255.0] * 3)


def layer_outputs(model, layer, image):
    outputs = []
    hook = layer.register_forward_hook(lambda module, inputs, output: outputs.append(output.detach()))
    with torch.no_grad():
        model([image])
    hook.remove()
    return outputs[0]


def ssd_count(outputs, biases, thresh):
    """(anchor, class >= 1) pairs whose softmax score exceeds thresh, and the most of one class."""
    per_class = torch.zeros(91, dtype=torch.long)
    for out, bias in zip(outputs, biases):
        logits = (out + bias.view(1, -1, 1, 1)).view(1, -1, 91, out.shape[-2], out.shape[-1])
        scores = torch.softmax(logits.permute(0, 3, 4, 1, 2).reshape(-1, 91), -1)
        per_class += (scores > thresh).sum(0)
    return int(per_class[1:].sum()), int(per_class[1:].max())


def ssd_case(out, widths, image_path, seed, name):
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = ssd_build(widths)
    model.eval()
    image = load_rgb_tensor(image_path)
    backbone_convs = [m for m in model.backbone.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        for conv in backbone_convs:
            conv.weight.copy_(torch.randn(conv.weight.shape, generator=gen))
            conv.bias.copy_(torch.randn(conv.bias.shape, generator=gen) * 0.1)
        model.backbone.scale_weight.copy_(20 * (1 + 0.1 * torch.randn(model.backbone.scale_weight.shape, generator=gen)))
    for conv in backbone_convs:
        spread = float(layer_outputs(model, conv, image).std())
        with torch.no_grad():
            conv.weight.div_(spread)
            conv.bias.div_(spread)
    for conv in model.head.regression_head.module_list:
        with torch.no_grad():
            conv.weight.copy_(torch.randn(conv.weight.shape, generator=gen))
            conv.bias.zero_()
        scale_outputs(model, conv, image, 1.0)
    cls_convs = list(model.head.classification_head.module_list)
    outputs = []
    for conv in cls_convs:
        with torch.no_grad():
            conv.weight.copy_(torch.randn(conv.weight.shape, generator=gen))
            conv.bias.zero_()
        scale_outputs(model, conv, image, 1.0)
        outputs.append(layer_outputs(model, conv, image))
    noise = [torch.randn(conv.bias.numel() // 91, 91, generator=gen) * 0.5 for conv in cls_convs]

    def biases(offset):
        result = []
        for n in noise:
            b = n + offset
            b[:, 1] += SSD_CLASS1_BOOST
            b[:, 0] = 0.0
            result.append(b.view(-1))
        return result

    low, high, target = -10.0, 10.0, TARGET_CANDIDATES["ssd300_vgg16"]
    for _ in range(40):
        mid = (low + high) / 2
        if ssd_count(outputs, biases(mid), model.score_thresh)[0] < target:
            low = mid
        else:
            high = mid
    with torch.no_grad():
        for conv, b in zip(cls_convs, biases(high)):
            conv.bias.copy_(b)
    candidates, most_of_one_class = ssd_count(outputs, biases(high), model.score_thresh)
    with torch.no_grad():
        det = model([image])[0]
    torch.save(model.state_dict(), os.path.join(out, name + ".pth"))
    golden = {
        "source": f"torchvision {torchvision.__version__}, torch {torch.__version__}; tests/golden/models/make_detector_fixtures.py",
        "arch": "ssd300_vgg16",
        "widths": widths,
        "image": os.path.basename(image_path),
        "image_size": list(image.shape[1:]),
        "calibration": {"conv_outputs": "unit spread, layer by layer", "box_regression_spread": 1.0, "bias_noise_std": 0.5,
                        "bias_offset": high, "class0_bias": 0.0, "class1_boost": SSD_CLASS1_BOOST, "target_candidates": target,
                        "candidates_above_threshold": candidates, "most_candidates_of_one_class": most_of_one_class},
        "candidates_above_threshold": candidates,
        "labels": det["labels"].tolist(),
        "scores": [float(s) for s in det["scores"]],
        "bboxes": [[float(v) for v in b] for b in det["boxes"]],
    }
    with open(os.path.join(out, name + ".golden.json"), "w") as f:
        json.dump(golden, f)
    print(f"{name}: {candidates} candidates above the threshold ({most_of_one_class} of one class), {len(golden['scores'])} detections, "
          f"labels {sorted(set(golden['labels']))[:8]}...")


def ssd_default_boxes(out):
    """torchvision's DefaultBoxGenerator (SSD300's settings) on a 100x136 batch with small grids, for the unit tests."""
    from torchvision.models.detection.anchor_utils import DefaultBoxGenerator
    from torchvision.models.detection.image_list import ImageList
    generator = DefaultBoxGenerator(SSD_ASPECT_RATIOS, scales=SSD_SCALES, steps=SSD_STEPS)
    sizes = [(13, 17), (7, 9), (4, 5), (2, 3), (2, 2), (1, 1)]
    images = ImageList(torch.zeros(1, 3, 100, 136), [(100, 136)])
    boxes = generator(images, [torch.zeros(1, 1, h, w) for h, w in sizes])[0]
    counts = [h * w * n for (h, w), n in zip(sizes, generator.num_anchors_per_location())]
    golden = {
        "source": f"torchvision {torchvision.__version__}; tests/golden/models/make_detector_fixtures.py",
        "batch_shape": [100, 136], "aspect_ratios": SSD_ASPECT_RATIOS, "scales": SSD_SCALES, "steps": SSD_STEPS,
        "featmap_sizes": [list(s) for s in sizes],
        "anchors": [a.tolist() for a in boxes.split(counts)],
    }
    with open(os.path.join(out, "torchvision_ssd_default_boxes.golden.json"), "w") as f:
        json.dump(golden, f)
    print("torchvision_ssd_default_boxes: DefaultBoxGenerator(SSD300) on a 100x136 batch")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--full", metavar="DIR", help="write the full-size models and the 800-pixel photo into DIR")
    p.add_argument("--bench-image", metavar="PNG", help="only write the benchmark's 800x1216 image")
    p.add_argument("--archs", nargs="*", default=ARCHS)
    args = p.parse_args()
    torch.set_num_threads(2)
    if args.bench_image:
        save_png(args.bench_image, photo_bench())
        return
    out = args.full or DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    if not args.full:
        task_modules(out)
        ssd_default_boxes(out)
    image_path = os.path.join(out, "raccoon_800.png" if args.full else "raccoon_150x200.png")
    save_png(image_path, photo_full() if args.full else photo_crop())
    for i, arch in enumerate(args.archs):
        name = arch if args.full else arch + "_narrow"
        if arch == "ssd300_vgg16":
            ssd_case(out, SSD_FULL if args.full else SSD_NARROW, image_path, SSD_SEED, name)
            continue
        case(out, arch, FULL if args.full else NARROW, image_path, seed=21 + i,
             name=name, max_masks=100 if args.full else 10, full=bool(args.full))


if __name__ == "__main__":
    sys.exit(main())
