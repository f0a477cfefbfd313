"""Golden results for Detect's optimize-anchors: MMDetection's YOLO anchor optimizers, restated with numpy.

Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy 1.10); writes
tests/golden/analysis/anchors_expected.json from the committed boxes tests/golden/analysis/anchor_boxes.json
(rows [image width, image height, x1, y1, x2, y2]; written by this script on first run, seeded).

What MMDetection's tools/analysis_tools/optimize_anchors.py does, restated (its code needs mmdet/mmengine):
  boxes (w, h) are rescaled to the input shape by the longer image side: w * W_in / max(img_w, img_h),
  h * H_in / max(img_w, img_h); centred at 0 as xyxy boxes; IoU is bbox_overlaps (eps 1e-6).
  k-means (YOLOKMeansAnchorOptimizer): centres start at num_anchors random boxes (with replacement); E step:
  each box to the centre of highest IoU (stop when no assignment changes; the first E step compares with all 0);
  M step: a centre is the mean of its boxes (xyxy), or all zeros when it has none. Average IoU = mean over boxes of
  the best IoU. MMDetection draws the initial indices with torch.randint; here numpy's RandomState(0).randint, and
  Detect's test uses the same indices.
  Differential evolution (YOLODEAnchorOptimizer): scipy.optimize.differential_evolution on the cost
  1 - mean(max IoU) with bounds [(0, W_in), (0, H_in)] per anchor, strategy best1bin, popsize 15, tol 1e-4,
  mutation (0.5, 1), recombination 0.7, updating 'immediate'; here seed 0 and polish=False (Detect does not polish
  with L-BFGS-B; the polished cost is recorded too). MMDetection computes the IoUs in float32 with torch; here in
  float64, as Detect does.
Anchors are reported sorted by area and rounded to integers (Python's round, half to even).
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy.optimize import differential_evolution

HERE = os.path.dirname(os.path.abspath(__file__))
INPUT_SHAPE = [640, 480]   # width, height, as --input-shape


def make_boxes():
    rng = np.random.RandomState(2024)
    rows = []
    for cluster_w, cluster_h in [(30, 40), (90, 60), (200, 260)]:
        for _ in range(20):
            img_w, img_h = [(640, 480), (500, 375), (333, 500)][rng.randint(3)]
            w = max(2.0, rng.normal(cluster_w, cluster_w * 0.25))
            h = max(2.0, rng.normal(cluster_h, cluster_h * 0.25))
            x1 = rng.uniform(0, max(1.0, img_w - w))
            y1 = rng.uniform(0, max(1.0, img_h - h))
            rows.append([img_w, img_h, round(x1, 2), round(y1, 2), round(x1 + w, 2), round(y1 + h, 2)])
    return rows


def rescaled_whs(rows):
    rows = np.array(rows, dtype=np.float64)
    whs = rows[:, 4:6] - rows[:, 2:4]
    ratios = rows[:, 0:2].max(1, keepdims=True) / np.array([INPUT_SHAPE])
    return whs / ratios


def centred(whs):
    return np.concatenate([-0.5 * whs, 0.5 * whs], axis=1)


def bbox_overlaps(b1, b2, eps=1e-6):
    area1 = (b1[:, 2] - b1[:, 0]) * (b1[:, 3] - b1[:, 1])
    area2 = (b2[:, 2] - b2[:, 0]) * (b2[:, 3] - b2[:, 1])
    lt = np.maximum(b1[:, None, :2], b2[None, :, :2])
    rb = np.minimum(b1[:, None, 2:], b2[None, :, 2:])
    wh = np.clip(rb - lt, 0, None)
    overlap = wh[..., 0] * wh[..., 1]
    union = np.maximum(area1[:, None] + area2[None, :] - overlap, eps)
    return overlap / union


def kmeans(boxes, num_anchors, iters, init):
    assignments = np.zeros(len(boxes))
    centers = boxes[init]
    converged_at = None
    for i in range(iters):
        closest = bbox_overlaps(boxes, centers).argmax(1)
        if (closest == assignments).all():
            converged_at = i
            break
        assignments = closest
        new = np.zeros_like(centers)
        for c in range(num_anchors):
            mask = assignments == c
            if mask.sum():
                new[c] = boxes[mask].mean(0)
        centers = new
    avg_iou = bbox_overlaps(boxes, centers).max(1).mean()
    anchors = sorted([(c[2] - c[0], c[3] - c[1]) for c in centers], key=lambda a: a[0] * a[1])
    return anchors, float(avg_iou), converged_at


def avg_iou_cost(params, boxes):
    whs = np.stack([params[::2], params[1::2]], axis=1)
    return 1 - bbox_overlaps(boxes, centred(whs)).max(1).mean()


def rounded(anchors):
    return [[round(float(w)), round(float(h))] for w, h in anchors]


def main():
    boxes_path = os.path.join(HERE, "anchor_boxes.json")
    if not os.path.exists(boxes_path):
        with open(boxes_path, "w") as f:
            json.dump({"rows": make_boxes(), "_columns": "image width, image height, x1, y1, x2, y2"}, f)
            f.write("\n")
    with open(boxes_path) as f:
        rows = json.load(f)["rows"]
    boxes = centred(rescaled_whs(rows))

    init = np.random.RandomState(0).randint(0, len(boxes), size=9)
    k_anchors, k_iou, k_iter = kmeans(boxes, 9, 100, init)

    bounds = [(0, INPUT_SHAPE[0]), (0, INPUT_SHAPE[1])] * 3
    kwargs = dict(bounds=bounds, args=(boxes,), strategy="best1bin", maxiter=200, popsize=15, tol=1e-4,
                  mutation=(0.5, 1), recombination=0.7, updating="immediate", seed=0)
    de = differential_evolution(avg_iou_cost, polish=False, **kwargs)
    polished = differential_evolution(avg_iou_cost, polish=True, **kwargs)
    de_anchors = sorted(zip(de.x[::2], de.x[1::2]), key=lambda a: a[0] * a[1])

    rs = np.random.RandomState(12345)
    rng_draws = {
        "uniform": [float(v) for v in rs.uniform(size=4)],
        "uniform_0.5_1": float(rs.uniform(0.5, 1)),
        "choice_6": int(rs.choice(6)),
        "randint_0_90": [int(v) for v in rs.randint(0, 90, size=5)],
    }
    shuffled = list(range(10))
    rs.shuffle(shuffled)
    rng_draws["shuffle_10"] = shuffled
    rng_draws["permutation_7"] = [int(v) for v in rs.permutation(range(7))]
    values = np.random.RandomState(7).uniform(size=1000)

    payload = {
        "input_shape": INPUT_SHAPE,
        "rescaled_first": [float(v) for v in rescaled_whs(rows)[0]],
        "kmeans": {"num_anchors": 9, "iters": 100, "init": [int(i) for i in init], "converged_at": k_iter,
                   "anchors": [[float(w), float(h)] for w, h in k_anchors], "rounded": rounded(k_anchors), "avg_iou": k_iou},
        "differential_evolution": {"num_anchors": 3, "maxiter": 200, "seed": 0, "nit": int(de.nit), "nfev": int(de.nfev),
                                   "x": [float(v) for v in de.x], "fun": float(de.fun), "avg_iou": float(1 - de.fun),
                                   "anchors": [[float(w), float(h)] for w, h in de_anchors], "rounded": rounded(de_anchors),
                                   "polished_fun": float(polished.fun)},
        "numpy_random_state_12345": rng_draws,
        "numpy_mean_of_1000_uniforms_seed7": float(np.mean(values)),
        "numpy_std_of_1000_uniforms_seed7": float(np.std(values)),
        "_generated_by": os.path.relpath(os.path.abspath(sys.argv[0]), os.path.join(HERE, "..", "..", "..")),
        "_reference": f"numpy {np.__version__}, scipy {scipy.__version__}",
    }
    with open(os.path.join(HERE, "anchors_expected.json"), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("k-means", payload["kmeans"]["rounded"], k_iou, "converged at", k_iter)
    print("DE", payload["differential_evolution"]["rounded"], 1 - de.fun, "nit", de.nit, "polished", 1 - polished.fun)


if __name__ == "__main__":
    main()
