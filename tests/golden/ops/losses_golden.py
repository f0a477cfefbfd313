"""Element-wise golden values for Detect.Models.Losses from torch 1.13 / torchvision 0.14.

Writes tests/Detect.Models.Tests/Losses/Fixtures/losses.json. Run: /usr/bin/python3 tests/golden/ops/losses_golden.py

Each entry holds inputs and the unreduced loss of the real reference: torchvision.ops.sigmoid_focal_loss,
torch.nn.functional.cross_entropy / binary_cross_entropy_with_logits / smooth_l1_loss / l1_loss,
torchvision.ops.box_iou (diagonal) and torchvision.ops.generalized_box_iou_loss. MMDetection's weight,
reduction and avg_factor rules are applied to these values by the C# tests.
"""
import torch
import torch.nn.functional as F
from torchvision.ops import box_iou, generalized_box_iou_loss, sigmoid_focal_loss

from _fixture import encode, random_boxes, write


def main():
    g = torch.Generator().manual_seed(2023)
    num_classes = 4
    logits = torch.randn(10, num_classes, generator=g, dtype=torch.float64) * 2
    labels = torch.tensor([0, 3, 4, 1, 4, 2, 2, 4, 0, 3])          # 4 = background
    onehot = F.one_hot(labels, num_classes + 1)[:, :num_classes].to(torch.float64)
    focal = {f"gamma{gamma}_alpha{alpha}": encode(sigmoid_focal_loss(logits, onehot, alpha=alpha, gamma=gamma, reduction="none"))
             for gamma, alpha in ((2.0, 0.25), (1.5, 0.5))}

    ce_logits = torch.randn(10, 5, generator=g, dtype=torch.float64)
    ce_labels = torch.tensor([0, 4, 255, 1, 3, 2, 255, 4, 0, 1])   # 255 = ignored
    class_weight = torch.tensor([1.0, 2.0, 0.5, 1.5, 0.25], dtype=torch.float64)
    bce_weight = class_weight[:num_classes]

    pred_boxes = random_boxes(g, 6, spread=20, max_size=15)
    target_boxes = random_boxes(g, 6, spread=20, max_size=15)
    target_boxes[0] = pred_boxes[0]                                 # one perfect prediction
    regression_pred = torch.randn(6, 4, generator=g, dtype=torch.float64)
    regression_target = torch.randn(6, 4, generator=g, dtype=torch.float64)

    write("tests/Detect.Models.Tests/Losses/Fixtures/losses.json", {
        "logits": encode(logits), "labels": encode(labels), "focal": focal,
        "ce_logits": encode(ce_logits), "ce_labels": encode(ce_labels), "class_weight": encode(class_weight),
        "cross_entropy": encode(F.cross_entropy(ce_logits, ce_labels, reduction="none", ignore_index=255)),
        "cross_entropy_class_weight": encode(F.cross_entropy(ce_logits, ce_labels, weight=class_weight, reduction="none", ignore_index=255)),
        "bce": encode(F.binary_cross_entropy_with_logits(logits, onehot, reduction="none")),
        "bce_pos_weight": encode(F.binary_cross_entropy_with_logits(logits, onehot, pos_weight=bce_weight, reduction="none")),
        "regression_pred": encode(regression_pred), "regression_target": encode(regression_target),
        "smooth_l1_beta0.5": encode(F.smooth_l1_loss(regression_pred, regression_target, beta=0.5, reduction="none")),
        "smooth_l1_beta1": encode(F.smooth_l1_loss(regression_pred, regression_target, beta=1.0, reduction="none")),
        "l1": encode(F.l1_loss(regression_pred, regression_target, reduction="none")),
        "pred_boxes": encode(pred_boxes), "target_boxes": encode(target_boxes),
        "iou": encode(box_iou(pred_boxes, target_boxes).diagonal()),
        "giou_loss": encode(generalized_box_iou_loss(pred_boxes, target_boxes, reduction="none")),
    })


if __name__ == "__main__":
    main()
