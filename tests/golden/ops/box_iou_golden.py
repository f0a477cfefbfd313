"""Golden values for Detect.Ops.BoxIou from torchvision.ops.box_iou / generalized_box_iou (torchvision 0.14).

Writes tests/Detect.Runtime.Tests/Ops/Fixtures/box_iou.json. Run: /usr/bin/python3 tests/golden/ops/box_iou_golden.py
IoF (intersection over the first box's area, MMDetection's 'iof') comes from torchvision's own
intersection (_box_inter_union) divided by torchvision's box_area.
"""
import torch
from torchvision.ops import box_area, box_iou, generalized_box_iou
from torchvision.ops.boxes import _box_inter_union

from _fixture import encode, random_boxes, write


def main():
    g = torch.Generator().manual_seed(11)
    boxes1 = torch.cat([random_boxes(g, 6, spread=40, max_size=30, min_size=0.5), torch.tensor([[10.0, 10.0, 20.0, 20.0]])])
    boxes2 = torch.cat([random_boxes(g, 4, spread=40, max_size=30, min_size=0.5), torch.tensor([[10.0, 10.0, 20.0, 20.0]])])  # one identical pair
    inter, _ = _box_inter_union(boxes1, boxes2)
    write("tests/Detect.Runtime.Tests/Ops/Fixtures/box_iou.json", {
        "boxes1": encode(boxes1), "boxes2": encode(boxes2),
        "iou": encode(box_iou(boxes1, boxes2)),
        "iof": encode(inter / box_area(boxes1)[:, None]),
        "giou": encode(generalized_box_iou(boxes1, boxes2)),
    })


if __name__ == "__main__":
    main()
