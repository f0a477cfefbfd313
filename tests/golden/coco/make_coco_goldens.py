#!/usr/bin/python3
"""Golden cases and pycocotools' answers for Detect's COCO mask API and evaluator.

Run with Debian's Python (numpy 1.24) and a pycocotools built locally from cocodataset/cocoapi
(not committed; see /work/shared/PLATFORM.md):

    PYCOCOTOOLS_DIR=/path/to/cocoapi/PythonAPI /usr/bin/python3 tests/golden/coco/make_coco_goldens.py

Writes, next to this script:
  cases/<case>_gt.json, cases/<case>_dt*.json  synthetic hard cases (crowds, score ties, areas exactly
                                               on range bounds, images and categories without GT,
                                               >100 detections per image, non-contiguous ids,
                                               multi-part polygons, RLE crowds, RLE results)
  coco_eval_expected.json                      COCOeval stats (12 numbers, full precision) per case and
                                               metric, plus MMDetection's classwise AP values
  mask_api_expected.json                       pycocotools.mask outputs on polygons, boxes, RLEs
Everything is deterministic (fixed seeds); rerunning reproduces the files byte for byte.
"""
import contextlib
import io
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.environ.get('PYCOCOTOOLS_DIR', '/work/ref/cocoapi/PythonAPI'))
from pycocotools import mask as mask_utils  # noqa: E402
from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, 'cases')


def dump(path, obj):
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')


def fortran_counts(mask):
    """Uncompressed RLE counts of a 2-D 0/1 array, column-major, starting with zeros."""
    flat = np.asarray(mask, dtype=np.uint8).flatten(order='F')
    counts, value, run = [], 0, 0
    for v in flat:
        if v != value:
            counts.append(run)
            run, value = 0, v
        run += 1
    counts.append(run)
    return counts


def rle_json(rle):
    return {'size': [int(rle['size'][0]), int(rle['size'][1])], 'counts': rle['counts'].decode('ascii')}


# ---------------------------------------------------------------------------------------------
# Evaluation cases
# ---------------------------------------------------------------------------------------------

def box_case(rng):
    """Boxes: non-contiguous category ids, crowds, area bounds, ties, empty images, >100 dets."""
    cats = [{'id': c, 'name': n} for c, n in [(3, 'cat'), (7, 'dog'), (18, 'bird'), (42, 'crowd_only'), (90, 'rare')]]
    images, anns, dets = [], [], []
    ann_id = 0  # pycocotools treats a match to ground-truth id 0 as no match; the first annotation exercises it
    for img_id in [5, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 1000, 1001]:
        w, h = 640, 480
        images.append({'id': img_id, 'file_name': f'{img_id:06d}.jpg', 'width': w, 'height': h})
        if img_id in (13, 14, 1001):  # images without ground truth (13 and 1001 get false positives)
            if img_id != 14:
                for _ in range(5):
                    x, y = rng.uniform(0, 500), rng.uniform(0, 380)
                    dets.append({'image_id': img_id, 'category_id': int(rng.choice([3, 7, 18])),
                                 'bbox': [x, y, rng.uniform(5, 120), rng.uniform(5, 90)],
                                 'score': float(np.round(rng.uniform(), 1))})
            continue
        n = int(rng.integers(1, 7))
        for _ in range(n):
            cat = int(rng.choice([3, 7, 90])) if rng.uniform() < 0.9 else 42
            crowd = 1 if cat == 42 or rng.uniform() < 0.1 else 0
            kind = rng.integers(0, 5)
            if kind == 0:    # exactly on the small/medium bound
                bw, bh = 32.0, 32.0
            elif kind == 1:  # exactly on the medium/large bound
                bw, bh = 96.0, 96.0
            else:
                bw, bh = float(rng.uniform(4, 200)), float(rng.uniform(4, 160))
            x, y = float(rng.uniform(0, w - bw)), float(rng.uniform(0, h - bh))
            area = bw * bh if rng.uniform() < 0.7 else float(rng.choice([1024.0, 9216.0, bw * bh * 0.8]))
            anns.append({'id': ann_id, 'image_id': img_id, 'category_id': cat, 'bbox': [x, y, bw, bh],
                         'area': area, 'iscrowd': crowd,
                         'segmentation': [[x, y, x, y + bh, x + bw, y + bh, x + bw, y]]})
            ann_id += 1 if ann_id == 0 else int(rng.integers(1, 4))  # non-contiguous annotation ids
            for _ in range(int(rng.integers(0, 4))):  # jittered detections, some duplicates
                jx, jy = rng.normal(0, bw * 0.1), rng.normal(0, bh * 0.1)
                sw, sh = np.exp(rng.normal(0, 0.15)), np.exp(rng.normal(0, 0.15))
                label = cat if rng.uniform() < 0.85 else int(rng.choice([3, 7, 18, 90]))
                dets.append({'image_id': img_id, 'category_id': label,
                             'bbox': [x + jx, y + jy, bw * sw, bh * sh],
                             'score': float(np.round(rng.uniform(), 1))})  # one decimal: many ties
        if img_id in (3, 1000):  # more than 100 detections of one category, many tied scores
            for j in range(150 if img_id == 3 else 1100):
                bw, bh = float(rng.uniform(8, 100)), float(rng.uniform(8, 100))
                dets.append({'image_id': img_id, 'category_id': 3 if img_id == 3 else int(rng.choice([3, 7, 18, 90])),
                             'bbox': [float(rng.uniform(0, w - bw)), float(rng.uniform(0, h - bh)), bw, bh],
                             'score': float(np.round(rng.uniform(), 2))})
    # detections exactly on the area bounds (32x32 and 96x96) that match nothing
    dets.append({'image_id': 2, 'category_id': 7, 'bbox': [600.0, 440.0, 32.0, 32.0], 'score': 0.5})
    dets.append({'image_id': 2, 'category_id': 7, 'bbox': [500.0, 300.0, 96.0, 96.0], 'score': 0.5})
    return {'images': images, 'annotations': anns, 'categories': cats}, dets


def polygon_parts(rng, cx, cy, radius, parts):
    polys = []
    for p in range(parts):
        k = int(rng.integers(3, 9))
        ox, oy = cx + p * radius * 1.5, cy + (p % 2) * radius * 0.5
        angles = np.sort(rng.uniform(0, 2 * np.pi, k))
        radii = radius * rng.uniform(0.5, 1.0, k)
        poly = []
        for a, r in zip(angles, radii):
            poly += [float(ox + r * np.cos(a)), float(oy + r * np.sin(a))]
        polys.append(poly)
    return polys


def mask_case(rng):
    """Masks: multi-part polygons, RLE crowds (uncompressed counts), compressed RLE ground truth."""
    cats = [{'id': 2, 'name': 'blob'}, {'id': 5, 'name': 'ring'}, {'id': 11, 'name': 'nothing'}]
    images, anns, dets, dets_rle_only = [], [], [], []
    ann_id = 100
    for img_id in range(1, 19):
        h, w = 120 + 10 * (img_id % 3), 160
        images.append({'id': img_id, 'file_name': f'm{img_id}.png', 'width': w, 'height': h})
        if img_id == 9:
            continue  # no ground truth, no detections
        for _ in range(int(rng.integers(1, 5))):
            cat = int(rng.choice([2, 5]))
            radius = float(rng.choice([4.0, 9.0, 18.0, 30.0]))
            cx, cy = float(rng.uniform(radius, w - radius)), float(rng.uniform(radius, h - radius))
            form = rng.integers(0, 4)
            crowd = 0
            if form == 0:    # RLE crowd, uncompressed counts as in COCO files
                m = np.zeros((h, w), dtype=np.uint8)
                yy, xx = np.mgrid[0:h, 0:w]
                m[(xx - cx) ** 2 + (yy - cy) ** 2 <= radius ** 2] = 1
                m[(xx - cx - radius) ** 2 + (yy - cy) ** 2 <= (radius / 2) ** 2] = 1
                segm = {'size': [h, w], 'counts': fortran_counts(m)}
                crowd = 1
            elif form == 1:  # compressed RLE ground truth
                m = np.zeros((h, w), dtype=np.uint8, order='F')
                y0, x0 = int(max(0, cy - radius)), int(max(0, cx - radius))
                m[y0:int(cy + radius), x0:int(cx + radius)] = 1
                segm = rle_json(mask_utils.encode(np.asfortranarray(m)))
            else:            # polygons with one or several parts
                segm = polygon_parts(rng, cx, cy, radius, int(form))
            rle = mask_utils.merge(mask_utils.frPyObjects(segm, h, w)) if isinstance(segm, list) else \
                (mask_utils.frPyObjects(segm, h, w) if isinstance(segm['counts'], list) else segm)
            if isinstance(rle['counts'], str):
                rle = {'size': rle['size'], 'counts': rle['counts'].encode('ascii')}
            bbox = [float(v) for v in mask_utils.toBbox(rle)]
            area = float(mask_utils.area(rle)) if rng.uniform() < 0.8 else float(rng.choice([1024.0, 9216.0]))
            anns.append({'id': ann_id, 'image_id': img_id, 'category_id': cat, 'segmentation': segm,
                         'area': area, 'bbox': bbox, 'iscrowd': crowd})
            ann_id += int(rng.integers(1, 5))
            for _ in range(int(rng.integers(0, 3))):  # detections: dilated/shifted masks as compressed RLE
                gm = mask_utils.decode(rle)
                dm = np.roll(gm, (int(rng.integers(-3, 4)), int(rng.integers(-3, 4))), axis=(0, 1))
                drle = mask_utils.encode(np.asfortranarray(dm.astype(np.uint8)))
                score = float(np.round(rng.uniform(), 1))
                label = cat if rng.uniform() < 0.9 else 11
                dbox = [float(v) for v in mask_utils.toBbox(drle)]
                dets.append({'image_id': img_id, 'category_id': label, 'bbox': dbox, 'score': score,
                             'segmentation': rle_json(drle)})
                dets_rle_only.append({'image_id': img_id, 'category_id': label, 'score': score,
                                      'segmentation': rle_json(drle)})
    return {'images': images, 'annotations': anns, 'categories': cats}, dets, dets_rle_only


def run_eval(gt_path, dt_path, iou_type, use_cats=1, max_dets=None):
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_path)
        dt = gt.loadRes(dt_path)
        ev = COCOeval(gt, dt, iou_type)
        if max_dets is not None:
            ev.params.maxDets = max_dets
        ev.params.useCats = use_cats
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    out = {'stats': [float(s) for s in ev.stats]}
    if use_cats:
        # MMDetection's classwise table (CocoMetric, classwise=True)
        precisions = ev.eval['precision']
        rows = []
        for idx, cat_id in enumerate(ev.params.catIds):
            row = [int(cat_id)]
            for sel in [(slice(None), 0), (0, 0), (5, 0), (slice(None), 1), (slice(None), 2), (slice(None), 3)]:
                p = precisions[sel[0], :, idx, sel[1], -1]
                p = p[p > -1]
                row.append(float(np.mean(p)) if p.size else None)
            rows.append(row)
        out['classwise'] = rows
    return out


def evaluation_goldens():
    os.makedirs(CASES, exist_ok=True)
    expected = {}
    rng = np.random.default_rng(20241123)
    gt, dets = box_case(rng)
    dump(os.path.join(CASES, 'boxes_gt.json'), gt)
    dump(os.path.join(CASES, 'boxes_dt.json'), dets)
    g, d = os.path.join(CASES, 'boxes_gt.json'), os.path.join(CASES, 'boxes_dt.json')
    expected['boxes'] = {
        'bbox': run_eval(g, d, 'bbox'),
        'bbox_maxdets_100_300_1000': run_eval(g, d, 'bbox', max_dets=[100, 300, 1000]),
        'proposal': run_eval(g, d, 'bbox', use_cats=0, max_dets=[100, 300, 1000]),
        'segm_from_boxes': run_eval(g, d, 'segm'),
    }
    gt, dets, dets_rle_only = mask_case(np.random.default_rng(7))
    dump(os.path.join(CASES, 'masks_gt.json'), gt)
    dump(os.path.join(CASES, 'masks_dt.json'), dets)
    dump(os.path.join(CASES, 'masks_dt_rle_only.json'), dets_rle_only)
    g = os.path.join(CASES, 'masks_gt.json')
    expected['masks'] = {
        'segm': run_eval(g, os.path.join(CASES, 'masks_dt.json'), 'segm'),
        'bbox': run_eval(g, os.path.join(CASES, 'masks_dt.json'), 'bbox'),
        'segm_rle_only': run_eval(g, os.path.join(CASES, 'masks_dt_rle_only.json'), 'segm'),
        'bbox_rle_only': run_eval(g, os.path.join(CASES, 'masks_dt_rle_only.json'), 'bbox'),
    }
    expected['mmdet_metric'] = {}
    for name, metrics in (('boxes', ['bbox', 'proposal']), ('masks', ['bbox', 'segm'])):
        preds = mmdet_predictions(os.path.join(CASES, f'{name}_gt.json'), os.path.join(CASES, f'{name}_dt.json'))
        dump(os.path.join(CASES, f'{name}_mmdet_predictions.json'), preds)
        expected['mmdet_metric'][name] = mmdet_metric(os.path.join(CASES, f'{name}_gt.json'), preds, metrics)
    dump(os.path.join(HERE, 'coco_eval_expected.json'), expected)


def mmdet_metric(gt_path, preds, metrics):
    """MMDetection's CocoMetric.compute_metrics on predictions already in original-image pixels:
    results2json (float32 xyxy -> xywh, labels -> cat_ids), masks without boxes for segm, maxDets
    [100, 300, 1000] for every metric, useCats=0 for proposals."""
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO(gt_path)
    cat_ids = coco.getCatIds(catNms=[c['name'] for c in coco.dataset['categories']])
    img_ids = coco.getImgIds()
    bbox_json, segm_json = [], []
    for p in preds:
        bboxes = np.array(p['bboxes'], dtype=np.float32).reshape(-1, 4)
        scores = np.array(p['scores'], dtype=np.float32)
        for i, label in enumerate(p['labels']):
            b = bboxes[i].tolist()
            bbox_json.append({'image_id': p['img_id'], 'bbox': [b[0], b[1], b[2] - b[0], b[3] - b[1]],
                              'score': float(scores[i]), 'category_id': cat_ids[label]})
            if 'masks' in p:
                segm_json.append({'image_id': p['img_id'], 'score': float(scores[i]), 'category_id': cat_ids[label],
                                  'segmentation': p['masks'][i]})
    out = {}
    for metric in metrics:
        with contextlib.redirect_stdout(io.StringIO()):
            dt = coco.loadRes(segm_json if metric == 'segm' else bbox_json)
            ev = COCOeval(coco, dt, 'bbox' if metric == 'proposal' else metric)
            ev.params.catIds = cat_ids
            ev.params.imgIds = img_ids
            ev.params.maxDets = [100, 300, 1000]
            if metric == 'proposal':
                ev.params.useCats = 0
            ev.evaluate()
            ev.accumulate()
            ev.summarize()
        out[metric] = [float(v) for v in ev.stats]
    return out


def mmdet_predictions(gt_path, dets_path):
    """Per-image predictions (float32 xyxy boxes, scores, contiguous labels, RLE masks) made from a results file."""
    gt = json.load(open(gt_path))
    label_of = {c['id']: i for i, c in enumerate(gt['categories'])}
    preds = {img['id']: {'img_id': img['id'], 'bboxes': [], 'scores': [], 'labels': []} for img in gt['images']}
    for d in json.load(open(dets_path)):
        p = preds[d['image_id']]
        x, y, w, h = d['bbox']
        p['bboxes'].append([float(np.float32(v)) for v in (x, y, x + w, y + h)])
        p['scores'].append(float(np.float32(d['score'])))
        p['labels'].append(label_of[d['category_id']])
        if 'segmentation' in d:
            p.setdefault('masks', []).append(d['segmentation'])
    return [p for p in preds.values() if p['labels']]


# ---------------------------------------------------------------------------------------------
# Mask API cases
# ---------------------------------------------------------------------------------------------

def mask_api_goldens():
    rng = np.random.default_rng(11)
    h, w = 37, 53
    polygons = [
        [5.0, 5.0, 40.0, 7.5, 20.25, 30.75],                          # triangle
        [0.0, 0.0, 53.0, 0.0, 53.0, 37.0, 0.0, 37.0],                 # the whole image
        [-10.0, -4.5, 60.2, 3.3, 70.0, 50.0, -3.0, 45.0],             # beyond every border
        [10.0, 10.0, 10.0, 10.0, 30.0, 12.0, 30.0, 12.0, 11.0, 25.0],  # repeated vertices
        [12.49, 3.51, 12.51, 3.49, 12.5, 3.5],                        # sub-pixel sliver
        [2.0, 2.0, 20.0, 2.0, 20.0, 20.0, 11.0, 8.0, 2.0, 20.0],      # concave
        [float(v) for v in rng.uniform(-2, 55, 24)],                  # self-intersecting, 12 points
        [0.2, 0.2, 52.8, 36.8, 0.2, 36.8, 52.8, 0.2],                 # bow tie
    ]
    boxes = [[3.0, 4.0, 10.0, 12.0], [0.5, 0.5, 0.25, 0.25], [-5.0, 30.0, 80.0, 20.0], [12.3, 7.7, 20.6, 18.1]]
    out = {'height': h, 'width': w, 'polygons': [], 'boxes': [], 'encode': [], 'merge': [], 'iou': None,
           'multipart': None, 'uncompressed': [], 'strings': []}
    rles = []
    for p in polygons:
        rle = mask_utils.frPyObjects([p], h, w)[0]
        rles.append(rle)
        out['polygons'].append({'polygon': p, 'counts': rle['counts'].decode(), 'area': int(mask_utils.area(rle)),
                                'bbox': [float(v) for v in mask_utils.toBbox(rle)],
                                'decoded_sum_by_column': mask_utils.decode(rle).sum(axis=0).astype(int).tolist()})
    for b in boxes:
        rle = mask_utils.frPyObjects(np.array([b], dtype=np.double), h, w)[0]
        rles.append(rle)
        out['boxes'].append({'box': b, 'counts': rle['counts'].decode(), 'area': int(mask_utils.area(rle)),
                             'bbox': [float(v) for v in mask_utils.toBbox(rle)]})
    # annToRLE of a multi-part polygon: frPyObjects of the parts, merged
    parts = [polygons[0], polygons[5], [40.0, 20.0, 50.0, 22.0, 45.0, 35.0]]
    merged = mask_utils.merge(mask_utils.frPyObjects(parts, h, w))
    out['multipart'] = {'parts': parts, 'counts': merged['counts'].decode(), 'area': int(mask_utils.area(merged))}
    for i in range(4):  # random masks through encode
        m = (rng.uniform(size=(h, w)) < [0.02, 0.5, 0.98, 0.0][i]).astype(np.uint8)
        if i == 3:
            m[:, 7:9] = 1  # two full columns
        rle = mask_utils.encode(np.asfortranarray(m))
        out['encode'].append({'mask_rows': [''.join(str(v) for v in row) for row in m], 'counts': rle['counts'].decode(),
                              'bbox': [float(v) for v in mask_utils.toBbox(rle)]})
    pairs = [(0, 5), (1, 2), (3, 6), (6, 7), (8, 9), (0, 1)]
    for a, b in pairs:
        for intersect in (0, 1):
            r = mask_utils.merge([rles[a], rles[b]], intersect=intersect)
            out['merge'].append({'a': a, 'b': b, 'intersect': intersect, 'counts': r['counts'].decode()})
    crowd = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
    iou = mask_utils.iou(rles[:6], rles, crowd)
    out['iou'] = {'dt': list(range(6)), 'gt': list(range(len(rles))), 'iscrowd': crowd,
                  'values': [[float(v) for v in row] for row in iou]}
    box_dt = [[1.0, 2.0, 10.0, 10.0], [5.0, 5.0, 0.0, 3.0], [0.0, 0.0, 53.0, 37.0], [10.5, 10.5, 0.5, 30.0]]
    box_gt = [[0.0, 0.0, 6.0, 6.0], [4.0, 4.0, 20.0, 20.0], [1.0, 2.0, 10.0, 10.0]]
    biou = mask_utils.iou(box_dt, box_gt, [0, 1, 0])
    out['box_iou'] = {'dt': box_dt, 'gt': box_gt, 'iscrowd': [0, 1, 0],
                      'values': [[float(v) for v in row] for row in biou]}
    for counts in ([0, 5, 10, 1981], [1961, 0, 0, 0], [100, 200, 300, 400, 500, 461], [0, 1961]):
        rle = mask_utils.frPyObjects({'size': [h, w], 'counts': counts}, h, w)
        out['uncompressed'].append({'counts_list': counts, 'counts': rle['counts'].decode(),
                                    'area': int(mask_utils.area(rle)), 'bbox': [float(v) for v in mask_utils.toBbox(rle)]})
    # the codec on large and decreasing counts (differences to two back become negative)
    for counts in ([5, 1000000, 3, 999990, 2], [2 ** 30 + 12345, 1, 7], [60, 2, 0, 40, 1, 70000]):
        rle = mask_utils.frPyObjects({'size': [1, int(sum(counts))], 'counts': counts}, 1, int(sum(counts)))
        out['strings'].append({'counts_list': counts, 'size': rle['size'], 'counts': rle['counts'].decode(),
                               'area': int(mask_utils.area(rle))})
    dump(os.path.join(HERE, 'mask_api_expected.json'), out)


if __name__ == '__main__':
    evaluation_goldens()
    mask_api_goldens()
    print('wrote', HERE)
