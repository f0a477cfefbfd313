"""Golden values for Detect.Ops.Nms from torchvision.ops.nms / batched_nms (torchvision 0.14).

Writes tests/Detect.Runtime.Tests/Ops/Fixtures/nms.json. Run: /usr/bin/python3 tests/golden/ops/nms_golden.py
"""
import torch
from torchvision.ops import batched_nms, nms
from torchvision.ops.boxes import _batched_nms_coordinate_trick, _batched_nms_vanilla

from _fixture import encode, random_boxes, write


def clustered_boxes(generator, n, dtype):
    """Jittered copies of a few objects: most pairs overlap strongly, as detector outputs do."""
    centers = random_boxes(generator, 12, spread=300.0, max_size=80.0)
    pick = torch.randint(0, 12, (n,), generator=generator)
    jitter = (torch.rand(n, 4, generator=generator, dtype=torch.float64) - 0.5) * 12.0
    return (centers[pick] + jitter).to(dtype)


def case(name, boxes, scores, threshold, labels=None):
    c = {"name": name, "boxes": encode(boxes), "scores": encode(scores), "iou_threshold": threshold}
    if labels is None:
        c["keep"] = encode(nms(boxes, scores, threshold))
    else:
        c["labels"] = encode(labels)
        keep = batched_nms(boxes, scores, labels, threshold)
        # Both of torchvision's strategies must agree here, or the case is ambiguous and not a golden.
        assert torch.equal(keep, _batched_nms_vanilla(boxes, scores, labels, threshold)), name
        assert torch.equal(keep, _batched_nms_coordinate_trick(boxes, scores, labels, threshold)), name
        c["keep"] = encode(keep)
    return c


def main():
    g = torch.Generator().manual_seed(20240611)
    cases = []
    for dtype in (torch.float32, torch.float64):
        tag = str(dtype).replace("torch.", "")
        boxes = random_boxes(g, 200, spread=100.0, max_size=50.0, dtype=dtype)
        scores = torch.rand(200, generator=g, dtype=torch.float64).to(dtype)
        for threshold in (0.3, 0.5, 0.7):
            cases.append(case(f"random200_{tag}_thr{threshold}", boxes, scores, threshold))
        boxes = clustered_boxes(g, 400, dtype)
        scores = torch.rand(400, generator=g, dtype=torch.float64).to(dtype)
        cases.append(case(f"clustered400_{tag}_thr0.6", boxes, scores, 0.6))
        labels = torch.randint(0, 5, (400,), generator=g)
        cases.append(case(f"batched_clustered400_{tag}_thr0.5", boxes, scores, 0.5, labels))

    # IoU exactly at the threshold is kept: [0,0,10,10] vs [0,0,10,5] have IoU 50/100 = 0.5 exactly.
    edge = torch.tensor([[0, 0, 10, 10], [0, 0, 10, 5], [0, 5, 10, 10], [0, 0, 10, 5.1]], dtype=torch.float64)
    edge_scores = torch.tensor([0.9, 0.8, 0.7, 0.6], dtype=torch.float64)
    cases.append(case("iou_exactly_at_threshold", edge, edge_scores, 0.5))
    cases.append(case("iou_exactly_at_threshold_float32", edge.float(), edge_scores.float(), 0.5))
    # Identical boxes: only the best survives.
    same = torch.tensor([[1, 2, 30, 40]] * 3 + [[50, 50, 60, 60]], dtype=torch.float64)
    cases.append(case("identical_boxes", same, torch.tensor([0.2, 0.9, 0.5, 0.1], dtype=torch.float64), 0.5))
    # Zero-area boxes: IoU is 0/0 = NaN, never greater than the threshold, so nothing is suppressed.
    flat = torch.tensor([[5, 5, 5, 5], [5, 5, 5, 5], [0, 0, 10, 10], [2, 2, 8, 2]], dtype=torch.float64)
    cases.append(case("zero_area_boxes", flat, torch.tensor([0.9, 0.8, 0.7, 0.6], dtype=torch.float64), 0.5))
    # Identical boxes with different labels never suppress each other.
    cases.append(case("batched_identical_boxes_two_labels", same, torch.tensor([0.2, 0.9, 0.5, 0.1], dtype=torch.float64),
                      0.5, torch.tensor([0, 1, 0, 1])))
    write("tests/Detect.Runtime.Tests/Ops/Fixtures/nms.json", {"cases": cases})


if __name__ == "__main__":
    main()
