#!/usr/bin/python3
"""Detections of REAL Detectron2 code on the narrow Detectron2-format checkpoints, for Detect's Detectron2 zoo records.

    /usr/bin/python3 tests/golden/checkpoints/make_detectron2_goldens.py --src /tmp/d2src

--src (or $DETECTRON2_SRC) is a folder holding work trees (repository roots, not installed packages) of
facebookresearch/detectron2, facebookresearch/fvcore, facebookresearch/iopath and rbgirshick/yacs, named detectron2/,
fvcore/, iopath/ and yacs/ (e.g. `git archive HEAD | tar -x -C /tmp/d2src/detectron2`). Nothing is built or installed:
the script puts the four packages on sys.path through a folder of symlinks (the repositories' own top-level
`packaging/` folders would otherwise shadow the `packaging` module Detectron2 imports). Debian packages the import
chain needs: python3-omegaconf python3-termcolor python3-tabulate python3-portalocker python3-cloudpickle
python3-aiofiles python3-tqdm python3-packaging python3-yaml python3-opencv (plus python3-torch 1.13 and
python3-torchvision 0.14).

Stubbed, and why:
  pycocotools   detectron2/structures/masks.py imports pycocotools.mask at module level; it is used only to rasterize
                polygon annotations (training data, PolygonMasks) and for RLE encoding in evaluation, neither of which
                inference touches. A stub module whose attributes raise is put in sys.modules; any use would fail loudly.
  detectron2._C (not stubbed: absent) the compiled extension; Detectron2 itself falls back to dummies when it is missing
                (layers/deform_conv.py), and R50-FPN inference on CPU uses torchvision's roi_align and nms instead.

For each of COCO-Detection/faster_rcnn_R_50_FPN_3x, COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_3x and
COCO-Detection/retinanet_R_50_FPN_3x, the model is built from Detectron2's own model-zoo yaml (configs/ of the source
tree) with MODEL.DEVICE cpu, narrowed to the widths of the narrow fixtures (make_detector_fixtures.py: ResNet-50 base
width 4, FPN 32, box head 64, mask head 32; 90 classes), and the existing ARCH_narrow.detectron2.pkl (written by
make_detectron2_checkpoint.py) is loaded with Detectron2's DetectionCheckpointer; its missing / unexpected /
shape-mismatched keys are recorded (all must be empty). Everything else (stride in the 1x1 conv, pixel mean/std, anchors,
RPN/RetinaNet test top-k, NMS and score thresholds, RoIAlign, mask pasting) is the yaml's.

One config change beyond the widths, MODEL.PIXEL_STD (see NARROW): the random fixture weights were calibrated on
torchvision's input scale, and Detectron2's unit std makes every score 1.0 on degenerate boxes.

RetinaNet runs twice, because Detectron2's RetinaNet backbone builder computes P6 from C5 (LastLevelP6P7(res5 channels,
...)) while the narrow torchvision fixture computes it from P5 (its top_block.p6 is 32 -> 32 channels):
  retinanet      Detectron2's own builder; the checkpoint's P6 weight, as read, is replaced by p6_from_c5 of it (tiled
                 over C5's 128 channels, / 4) before loading, and the C# test does the same to the converted weights;
  retinanet_p5   the checkpoint as it is, with build_retinanet_resnet_fpn_p5_backbone registered here: Detectron2's FPN and
                 LastLevelP6P7(out, out, in_feature="p5"), otherwise identical, selected with MODEL.BACKBONE.NAME.

Input: tests/Detect.Models.Tests/Golden/detectors/raccoon_150x200.png (the parity photo), read as BGR uint8 and resized to
800x1067 with cv2.resize INTER_LINEAR, which is what Detect's test pipeline (Resize 1333x800, keep ratio, cv2 bilinear)
gives; Detectron2's own ResizeShortestEdge(800, 1333) picks the same size but resamples with PIL, so feeding the model
the cv2 pixels isolates the model's semantics from the resize library (the PIL difference is recorded as
pil_resize_max_abs_diff). The model gets [{"image": float CHW BGR, "height": 150, "width": 200}] and returns detections at
150x200 (detector_postprocess: rescale, clip, drop empty boxes, paste masks with threshold 0.5).

Writes tests/Detect.Models.Tests/Golden/detectors/detectron2_goldens.json: per model, the config changes, the checkpoint
report, and the detections (labels 0..89, scores, xyxy boxes at 150x200; for Mask R-CNN every mask as uncompressed
column-major COCO RLE).
"""
import argparse
import json
import os
import sys
import tempfile
import types

import cv2
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
# The masks are written as the torchvision fixtures write theirs (one RLE encoder for both goldens).
sys.path.insert(0, os.path.join(HERE, "..", "models"))
from make_detector_fixtures import rle  # noqa: E402
DIR = os.path.normpath(os.path.join(HERE, "..", "..", "Detect.Models.Tests", "Golden", "detectors"))
MODELS = [
    ("faster_rcnn", "COCO-Detection/faster_rcnn_R_50_FPN_3x.yaml", "fasterrcnn_resnet50_fpn"),
    ("mask_rcnn", "COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_3x.yaml", "maskrcnn_resnet50_fpn"),
    ("retinanet", "COCO-Detection/retinanet_R_50_FPN_3x.yaml", "retinanet_resnet50_fpn"),
    ("retinanet_p5", "COCO-Detection/retinanet_R_50_FPN_3x.yaml", "retinanet_resnet50_fpn"),
]
# The narrow fixtures' widths (make_detector_fixtures.py NARROW) in Detectron2's config keys.
NARROW = {
    "MODEL.RESNETS.STEM_OUT_CHANNELS": 4,
    "MODEL.RESNETS.RES2_OUT_CHANNELS": 16,
    "MODEL.RESNETS.WIDTH_PER_GROUP": 4,
    "MODEL.FPN.OUT_CHANNELS": 32,
    "MODEL.ROI_BOX_HEAD.FC_DIM": 64,
    "MODEL.ROI_MASK_HEAD.CONV_DIM": 32,
    "MODEL.ROI_HEADS.NUM_CLASSES": 90,
    "MODEL.RETINANET.NUM_CLASSES": 90,
    # The fixtures' random weights were calibrated (BatchNorm statistics, classifier biases) on torchvision's input,
    # (RGB / 255 - ImageNet mean) / ImageNet std. Detectron2's mean is that mean (x 255, BGR) already; with its unit std the
    # input is ~57x larger and every score saturates at 1.0 on degenerate boxes. ImageNet's std (x 255, BGR) brings the
    # input back to the scale the weights expect; Detect's record gets the same std (model.data_preprocessor.std).
    "MODEL.PIXEL_STD": [57.375, 57.12, 58.395],
}


def import_detectron2(src):
    links = tempfile.mkdtemp(prefix="d2path-")
    for name in ("detectron2", "fvcore", "iopath", "yacs"):
        os.symlink(os.path.join(src, name, name), os.path.join(links, name))
    sys.path.insert(0, links)
    stub = types.ModuleType("pycocotools")
    mask = types.ModuleType("pycocotools.mask")

    def unavailable(attr):
        raise AttributeError(f"pycocotools.mask.{attr} is stubbed out (inference does not need it)")

    mask.__getattr__ = unavailable
    stub.mask = mask
    sys.modules["pycocotools"] = stub
    sys.modules["pycocotools.mask"] = mask


def register_p5_backbone():
    from detectron2.modeling import BACKBONE_REGISTRY
    from detectron2.modeling.backbone.fpn import FPN, LastLevelP6P7
    from detectron2.modeling.backbone.resnet import build_resnet_backbone

    @BACKBONE_REGISTRY.register()
    def build_retinanet_resnet_fpn_p5_backbone(cfg, input_shape):
        """build_retinanet_resnet_fpn_backbone with P6 from P5 (torchvision's RetinaNet) instead of C5."""
        out_channels = cfg.MODEL.FPN.OUT_CHANNELS
        return FPN(
            bottom_up=build_resnet_backbone(cfg, input_shape),
            in_features=cfg.MODEL.FPN.IN_FEATURES,
            out_channels=out_channels,
            norm=cfg.MODEL.FPN.NORM,
            top_block=LastLevelP6P7(out_channels, out_channels, in_feature="p5"),
            fuse_type=cfg.MODEL.FPN.FUSE_TYPE,
        )


def p6_from_c5(weight):
    """RetinaNet's P6 conv on C5 (128 channels at the narrow widths) made from the fixture's P6-on-P5 one (32): its 32 input
    channels tiled four times, divided by 4. The C# test makes the same tensor from the converted checkpoint."""
    return torch.cat([weight] * 4, dim=1) / 4


def run(src, name, yaml, arch, bgr, resized):
    from detectron2.checkpoint import DetectionCheckpointer
    from detectron2.config import get_cfg
    from detectron2.modeling import build_model

    cfg = get_cfg()
    cfg.merge_from_file(os.path.join(src, "detectron2", "configs", yaml))
    changes = {"MODEL.DEVICE": "cpu", **NARROW}
    if name == "retinanet_p5":
        changes["MODEL.BACKBONE.NAME"] = "build_retinanet_resnet_fpn_p5_backbone"
    cfg.merge_from_list([x for kv in changes.items() for x in (kv[0], kv[1])])
    cfg.freeze()
    model = build_model(cfg)
    model.eval()
    checkpointer = DetectionCheckpointer(model)
    path = os.path.join(DIR, arch + "_narrow.detectron2.pkl")
    checkpoint = checkpointer._load_file(path)
    p6 = "backbone.top_block.p6.weight"
    if name == "retinanet":
        # Detectron2's own RetinaNet backbone: P6 from C5, which the fixture (P6 from P5) has no weight for.
        checkpoint["model"][p6] = p6_from_c5(torch.as_tensor(checkpoint["model"][p6])).numpy()
        changes_note = {p6: "the fixture's P6-on-P5 weight tiled 4x over C5's 128 channels, / 4 (p6_from_c5)"}
    else:
        changes_note = {}
    incompatible = checkpointer._load_model(checkpoint)
    report = {
        "missing_keys": list(incompatible.missing_keys),
        "unexpected_keys": list(incompatible.unexpected_keys),
        "incorrect_shapes": [k for k, *_ in incompatible.incorrect_shapes],
        "model_tensors": len(model.state_dict()),
        "replaced_after_reading": changes_note,
    }
    assert not any(report[k] for k in ("missing_keys", "unexpected_keys", "incorrect_shapes")), report
    image = torch.as_tensor(np.ascontiguousarray(resized.transpose(2, 0, 1)).astype("float32"))
    with torch.no_grad():
        instances = model([{"image": image, "height": bgr.shape[0], "width": bgr.shape[1]}])[0]["instances"]
    out = {
        "config": yaml,
        "config_changes": changes,
        "checkpoint": os.path.basename(path),
        "checkpoint_report": report,
        "test_settings": {
            "score_thresh": cfg.MODEL.RETINANET.SCORE_THRESH_TEST if "retinanet" in name else cfg.MODEL.ROI_HEADS.SCORE_THRESH_TEST,
            "nms_thresh": cfg.MODEL.RETINANET.NMS_THRESH_TEST if "retinanet" in name else cfg.MODEL.ROI_HEADS.NMS_THRESH_TEST,
            "detections_per_image": cfg.TEST.DETECTIONS_PER_IMAGE,
            "pixel_mean": list(cfg.MODEL.PIXEL_MEAN), "pixel_std": list(cfg.MODEL.PIXEL_STD),
            "stride_in_1x1": cfg.MODEL.RESNETS.STRIDE_IN_1X1,
        },
        "labels": instances.pred_classes.tolist(),
        "scores": [float(s) for s in instances.scores],
        "bboxes": [[float(v) for v in b] for b in instances.pred_boxes.tensor],
    }
    if instances.has("pred_masks"):
        out["masks"] = [rle(m.numpy()) for m in instances.pred_masks]
    print(f"{name}: {report['model_tensors']} tensors loaded, no missing/unexpected keys; {len(out['scores'])} detections, "
          f"{sum(1 for s in out['scores'] if s > 0.1)} above 0.1, "
          f"top score {max(out['scores'], default=0):.4f}")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", default=os.environ.get("DETECTRON2_SRC"), help="folder with detectron2/, fvcore/, iopath/, yacs/")
    args = parser.parse_args()
    if not args.src:
        parser.error("--src or $DETECTRON2_SRC is required")
    src = os.path.abspath(args.src)
    import_detectron2(src)
    register_p5_backbone()
    import detectron2
    from PIL import Image

    image_name = "raccoon_150x200.png"
    bgr = cv2.imread(os.path.join(DIR, image_name), cv2.IMREAD_COLOR)
    h, w = bgr.shape[:2]
    scale = min(800 / min(h, w), 1333 / max(h, w))
    size = (int(w * scale + 0.5), int(h * scale + 0.5))  # (1067, 800): Detectron2's ResizeShortestEdge and mmcv agree
    resized = cv2.resize(bgr, size, interpolation=cv2.INTER_LINEAR)
    pil = np.asarray(Image.fromarray(bgr[:, :, ::-1]).resize(size, Image.BILINEAR))[:, :, ::-1]
    golden = {
        "source": f"detectron2 {detectron2.__version__} (source tree, facebookresearch/detectron2), torch {torch.__version__}; "
                  "tests/golden/checkpoints/make_detectron2_goldens.py",
        "image": image_name,
        "image_size": [h, w],
        "resized_size": [size[1], size[0]],
        "resize": "cv2.resize INTER_LINEAR (Detect's); Detectron2's ResizeShortestEdge uses PIL bilinear",
        "pil_resize_max_abs_diff": int(np.abs(pil.astype(np.int32) - resized.astype(np.int32)).max()),
        "stubbed": "pycocotools (polygon rasterization / RLE for evaluation only); detectron2._C absent (Detectron2's own fallback)",
    }
    for name, yaml, arch in MODELS:
        golden[name] = run(src, name, yaml, arch, bgr, resized)
    with open(os.path.join(DIR, "detectron2_goldens.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    print("wrote", os.path.join(DIR, "detectron2_goldens.json"), os.path.getsize(os.path.join(DIR, "detectron2_goldens.json")), "bytes")


if __name__ == "__main__":
    main()
