"""Golden values for Detect.Models.PostProcessing.SoftNms / BatchedNms with type='soft_nms'.

MMCV's soft_nms is a compiled op that is not installed here, so this script re-implements it from its specification
(mmcv/ops/nms.py `soft_nms` / `batched_nms` and the CPU kernel `softnms_cpu`, read, not copied): float32 throughout,
offset 0; repeatedly the remaining box with the highest current score (first on ties) is swapped to the front and kept;
every later remaining box's score is multiplied by the method's weight of its IoU with it (naive: 0 if IoU >= thr,
linear: 1 - IoU if IoU >= thr, gaussian: exp(-IoU^2 / sigma)); a box whose score falls below min_score is replaced by
the last remaining box at once. batched_nms: below split_thr one soft-NMS over boxes offset by id * (max + 1); from
split_thr on one per id, survivors sorted by lowered score. The implementation is checked against MMCV's own unit test
values (tests/test_ops/test_nms.py::test_softnms_allclose) before anything is written.

Writes tests/Detect.Models.Tests/PostProcessing/Fixtures/soft_nms.json. Run: /usr/bin/python3 tests/golden/postprocessing/soft_nms_golden.py
"""
import json
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
F = np.float32


def soft_nms(boxes, scores, iou_threshold, sigma, min_score, method):
    boxes = boxes.astype(F).copy()
    sc = scores.astype(F).copy()
    n = len(sc)
    areas = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])).astype(F)
    inds = np.arange(n, dtype=np.int64)
    thr, sig, ms = F(iou_threshold), F(sigma), F(min_score)

    def swap(a, b):
        for arr in (boxes, sc, areas, inds):
            arr[[a, b]] = arr[[b, a]]

    i = 0
    while i < n:
        best = i
        for p in range(i + 1, n):
            if sc[best] < sc[p]:
                best = p
        swap(i, best)
        p = i + 1
        while p < n:
            w = max(F(0), F(min(boxes[i, 2], boxes[p, 2]) - max(boxes[i, 0], boxes[p, 0])))
            h = max(F(0), F(min(boxes[i, 3], boxes[p, 3]) - max(boxes[i, 1], boxes[p, 1])))
            inter = F(w * h)
            iou = F(inter / F(F(areas[i] + areas[p]) - inter))
            if method == "naive":
                weight = F(0) if iou >= thr else F(1)
            elif method == "linear":
                weight = F(F(1) - iou) if iou >= thr else F(1)
            else:
                weight = F(np.exp(F(-(F(iou * iou)) / sig)))
            sc[p] = F(sc[p] * weight)
            if sc[p] < ms:
                n -= 1
                for arr in (boxes, sc, areas, inds):
                    arr[p] = arr[n]
                p -= 1
            p += 1
        i += 1
    return inds[:n], sc[:n]


def batched(boxes, scores, idxs, cfg, split_thr):
    args = (cfg["iou_threshold"], cfg["sigma"], cfg["min_score"], cfg["method"])
    if len(boxes) < split_thr:
        offsets = idxs.astype(F) * F(boxes.max() + F(1))
        return soft_nms((boxes + offsets[:, None]).astype(F), scores, *args)
    keeps, kept_scores = [], []
    for i in np.unique(idxs):
        mask = np.nonzero(idxs == i)[0]
        keep, s = soft_nms(boxes[mask], scores[mask], *args)
        keeps.append(mask[keep])
        kept_scores.append(s)
    keep, s = np.concatenate(keeps), np.concatenate(kept_scores)
    order = np.argsort(-s, kind="stable")
    return keep[order], s[order]


def check_against_mmcv_unit_test():
    boxes = np.array([[6, 3, 8, 7], [3, 6, 9, 11], [3, 7, 10, 12], [1, 4, 13, 7]], dtype=F)
    scores = np.array([0.6, 0.9, 0.7, 0.2], dtype=F)
    expected = {
        "linear": ([1, 0, 2, 3], [0.9, 0.6, 0.29024392, 0.2]),
        "gaussian": ([1, 0, 2, 3], [0.9, 0.59630775, 0.35275510, 0.18650459]),
        "naive": ([1, 0, 3], [0.9, 0.6, 0.2]),
    }
    for method, (inds, s) in expected.items():
        keep, got = soft_nms(boxes, scores, 0.3, 0.5, 0.01, method)
        assert keep.tolist() == inds, (method, keep)
        assert np.allclose(got, s), (method, got)


def main():
    check_against_mmcv_unit_test()
    rng = np.random.default_rng(20261204)
    cases = []
    for k, (method, iou, sigma, min_score) in enumerate([("linear", 0.3, 0.5, 1e-3), ("linear", 0.5, 0.5, 0.05),
                                                          ("gaussian", 0.3, 0.5, 1e-3), ("gaussian", 0.5, 0.1, 0.05),
                                                          ("naive", 0.5, 0.5, 1e-3), ("naive", 0.3, 0.5, 0.2)]):
        centers = rng.uniform(0, 60, (6, 2))
        pick = rng.integers(0, 6, 40)
        xy = centers[pick] + rng.uniform(-6, 6, (40, 2))
        wh = rng.uniform(8, 30, (40, 2))
        boxes = np.concatenate([xy, xy + wh], 1).astype(F)
        scores = rng.uniform(0, 1, 40).astype(F)
        idxs = rng.integers(0, 3, 40).astype(np.int64)
        cfg = {"method": method, "iou_threshold": iou, "sigma": sigma, "min_score": min_score}
        keep, s = soft_nms(boxes, scores, iou, sigma, min_score, method)
        trick_keep, trick_scores = batched(boxes, scores, idxs, cfg, split_thr=10000)
        split_keep, split_scores = batched(boxes, scores, idxs, cfg, split_thr=1)
        cases.append({"name": f"{method}-{k}", **cfg, "boxes": boxes.flatten().tolist(), "scores": scores.tolist(),
                      "idxs": idxs.tolist(), "keep": keep.tolist(), "kept_scores": s.tolist(),
                      "batched_keep": trick_keep.tolist(), "batched_scores": trick_scores.tolist(),
                      "split_keep": split_keep.tolist(), "split_scores": split_scores.tolist()})
    path = os.path.join(ROOT, "tests/Detect.Models.Tests/PostProcessing/Fixtures/soft_nms.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"cases": cases, "_generated_by": os.path.relpath(os.path.abspath(sys.argv[0]), ROOT),
                   "_reference": f"numpy {np.__version__}, from MMCV's soft_nms specification"}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
