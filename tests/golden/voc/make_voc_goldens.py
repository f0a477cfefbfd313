#!/usr/bin/python3
"""Golden cases and MMDetection's answers for Detect's Pascal VOC mAP (VocEvalMap).

Runs MMDetection's own mmdet/evaluation/functional/mean_ap.py and bbox_overlaps.py (copied from an
MMDetection checkout into a folder outside this repository; mmengine and terminaltables are stubbed,
only their logging is used) with Debian's numpy 1.24:

    MMDET_EVAL_DIR=/path/with/mean_ap_and_bbox_overlaps /usr/bin/python3 tests/golden/voc/make_voc_goldens.py

Writes voc_eval_cases.json (inputs) and voc_eval_expected.json (mAP, per-class AP, counts, curves)
next to this script. Deterministic: fixed seeds.
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


def main():
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
