#!/usr/bin/python3
"""Golden cases and MMDetection's answers for Detect's Pascal VOC mAP (VocEvalMap).

Runs MMDetection's own mmdet/evaluation/functional/mean_ap.py and bbox_overlaps.py (copied from an
MMDetection checkout into a folder outside this repository; mmengine and terminaltables are stubbed,
only their logging is used) with Debian's numpy 1.24:

    MMDET_EVAL_DIR=/path/with/mean_ap_and_bbox_overlaps /usr/bin/python3 tests/golden/voc/make_voc_goldens.py

Writes voc_eval_cases.json (inputs) and voc_eval_expected.json (mAP, per-class AP, counts, curves)
next to this script, and numpy_argsort_expected.json: np.argsort (numpy's unstable introsort, whose
order of tied scores eval_map inherits) on tied and adversarial float32 keys. Deterministic.
"""
import importlib.util
import json
import os
import sys
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get('MMDET_EVAL_DIR', '/work/ref/mmdet_eval')


def load_mean_ap():
    for name in ('mmengine', 'mmengine.logging', 'mmengine.utils', 'terminaltables'):
        sys.modules[name] = types.ModuleType(name)
    sys.modules['mmengine.logging'].print_log = lambda *a, **k: None
    sys.modules['mmengine.utils'].is_str = lambda x: isinstance(x, str)
    sys.modules['terminaltables'].AsciiTable = object
    pkg = types.ModuleType('mmdet_functional')
    pkg.__path__ = [SRC]
    sys.modules['mmdet_functional'] = pkg
    class_names = types.ModuleType('mmdet_functional.class_names')
    class_names.get_classes = lambda name: []
    sys.modules['mmdet_functional.class_names'] = class_names
    for mod in ('bbox_overlaps', 'mean_ap'):
        spec = importlib.util.spec_from_file_location(f'mmdet_functional.{mod}', os.path.join(SRC, f'{mod}.py'))
        module = importlib.util.module_from_spec(spec)
        sys.modules[f'mmdet_functional.{mod}'] = module
        spec.loader.exec_module(module)
    return sys.modules['mmdet_functional.mean_ap']


def f32(values):
    return [float(v) for v in np.asarray(values, dtype=np.float32).ravel()]


def make_case(rng, num_imgs=14, num_classes=4):
    dets, anns = [], []
    for i in range(num_imgs):
        boxes, labels, ign, ign_labels = [], [], [], []
        for _ in range(int(rng.integers(0, 6))):
            w, h = float(rng.choice([8, 20, 31, 32, 33, 60, 95, 96, 97, 150])), float(rng.uniform(5, 160))
            x, y = float(np.round(rng.uniform(0, 400))), float(np.round(rng.uniform(0, 300)))
            label = int(rng.choice([0, 1, 3]))  # class 2 never has ground truth
            if rng.uniform() < 0.15:
                ign.append([x, y, x + w, y + h]); ign_labels.append(label)
            else:
                boxes.append([x, y, x + w, y + h]); labels.append(label)
        per_class = [[] for _ in range(num_classes)]
        for b, l in zip(boxes + ign, labels + ign_labels):
            for _ in range(int(rng.integers(0, 3))):
                j = rng.normal(0, 4, 4)
                per_class[l if rng.uniform() < 0.8 else int(rng.integers(0, num_classes))].append(
                    [b[0] + j[0], b[1] + j[1], b[2] + j[2], b[3] + j[3], float(np.round(rng.uniform(), 1))])
        for _ in range(int(rng.integers(0, 4))):  # false positives
            x, y = rng.uniform(0, 400), rng.uniform(0, 300)
            per_class[int(rng.integers(0, num_classes))].append(
                [x, y, x + rng.uniform(4, 120), y + rng.uniform(4, 120), float(np.round(rng.uniform(), 1))])
        if i == 3:  # many tied scores in one image and class: numpy's introsort, not insertion sort
            for _ in range(40):
                x, y = rng.uniform(0, 300), rng.uniform(0, 200)
                per_class[1].append([x, y, x + 50, y + 40, float(rng.choice([0.3, 0.5]))])
        dets.append([f32(np.array(c, dtype=np.float32).reshape(-1, 5)) for c in per_class])
        anns.append({'bboxes': f32(boxes), 'labels': labels, 'bboxes_ignore': f32(ign), 'labels_ignore': ign_labels})
    return dets, anns


def to_numpy(dets, anns):
    det_results = [[np.array(c, dtype=np.float32).reshape(-1, 5) for c in img] for img in dets]
    annotations = [{'bboxes': np.array(a['bboxes'], dtype=np.float32).reshape(-1, 4),
                    'labels': np.array(a['labels'], dtype=np.int64),
                    'bboxes_ignore': np.array(a['bboxes_ignore'], dtype=np.float32).reshape(-1, 4),
                    'labels_ignore': np.array(a['labels_ignore'], dtype=np.int64)} for a in anns]
    return det_results, annotations


def introsort_adversary(n):
    """Keys that drive numpy's argsort (median-of-3 quicksort, insertion sort below 16, heapsort past
    2*log2(n) levels) into its heapsort fallback: McIlroy's "antiqsort", values fixed lazily while a
    model of numpy's partitioning runs (the model is only used to find the keys; numpy sorts them)."""
    solid, frozen, candidate = {}, [0], [None]

    def less(a, b):
        if a not in solid and b not in solid:
            solid[a if candidate[0] == a else b] = frozen[0]
            frozen[0] += 1
        if a not in solid:
            candidate[0] = a
        elif b not in solid:
            candidate[0] = b
        return solid.get(a, n) < solid.get(b, n)

    t, stack, pl, pr = list(range(n)), [], 0, n - 1
    depth = 2 * (n.bit_length() - 1)
    while True:
        if depth >= 0:
            while pr - pl > 15:
                pm = pl + ((pr - pl) >> 1)
                for x, y in ((pm, pl), (pr, pm), (pm, pl)):
                    if less(t[x], t[y]):
                        t[x], t[y] = t[y], t[x]
                vp, pi, pj = t[pm], pl, pr - 1
                t[pm], t[pj] = t[pj], t[pm]
                while True:
                    pi += 1
                    while less(t[pi], vp):
                        pi += 1
                    pj -= 1
                    while less(vp, t[pj]):
                        pj -= 1
                    if pi >= pj:
                        break
                    t[pi], t[pj] = t[pj], t[pi]
                t[pi], t[pr - 1] = t[pr - 1], t[pi]
                depth -= 1
                if pi - pl < pr - pi:
                    stack.append((pi + 1, pr, depth)); pr = pi - 1
                else:
                    stack.append((pl, pi - 1, depth)); pl = pi + 1
        if not stack:
            break
        pl, pr, depth = stack.pop()
    return [float(solid.get(i, n)) for i in range(n)]


def argsort_goldens():
    rng = np.random.default_rng(99)
    cases = [np.round(rng.uniform(size=n), 1).astype(np.float32) for n in (7, 16, 17, 300, 1200)]
    cases += [np.array(introsort_adversary(n), dtype=np.float32) for n in (100, 1000)]
    cases += [np.float32([1, np.nan, 0, np.nan, -1] * 5)]
    out = [{'keys': [None if np.isnan(v) else float(v) for v in c], 'argsort': [int(i) for i in np.argsort(c)]} for c in cases]
    with open(os.path.join(HERE, 'numpy_argsort_expected.json'), 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')


def main():
    argsort_goldens()
    mean_ap = load_mean_ap()
    dets, anns = make_case(np.random.default_rng(2024))
    settings = {
        'area': dict(iou_thr=0.5),
        '11points_legacy': dict(iou_thr=0.5, use_legacy_coordinate=True, eval_mode='11points'),
        'area_scales_iou07': dict(iou_thr=0.7, scale_ranges=[(0, 32), (32, 96), (96, 1e5)]),
        '11points_scales': dict(iou_thr=0.5, scale_ranges=[(0, 32), (32, 1e5)], eval_mode='11points'),
    }
    expected = {}
    for name, kw in settings.items():
        det_results, annotations = to_numpy(dets, anns)
        m, results = mean_ap.eval_map(det_results, annotations, logger='silent', nproc=1, **kw)
        expected[name] = {
            'settings': {k: v for k, v in kw.items()},
            'mean_ap': [float(v) for v in np.atleast_1d(m)],
            'classes': [{'num_gts': [int(v) for v in np.atleast_1d(r['num_gts'])], 'num_dets': int(r['num_dets']),
                         'ap': [float(v) for v in np.atleast_1d(r['ap'])],
                         'recall': np.atleast_2d(r['recall']).astype(np.float64).tolist(),
                         'precision': np.atleast_2d(r['precision']).astype(np.float64).tolist()} for r in results],
        }
    with open(os.path.join(HERE, 'voc_eval_cases.json'), 'w') as f:
        json.dump({'det_results': dets, 'annotations': anns}, f, separators=(',', ':'))
        f.write('\n')
    with open(os.path.join(HERE, 'voc_eval_expected.json'), 'w') as f:
        json.dump(expected, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', HERE)


if __name__ == '__main__':
    main()
