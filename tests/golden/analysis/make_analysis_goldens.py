#!/usr/bin/python3
"""Golden case and reference answers for Detect.Analysis (the analysis tools of issue 14).

Run with Debian's numpy 1.24 and a pycocotools built locally from cocodataset/cocoapi (never committed):

    PYCOCOTOOLS_DIR=/path/to/cocoapi/PythonAPI /usr/bin/python3 tests/golden/analysis/make_analysis_goldens.py

Writes next to this script (deterministic):
  case_gt.json       a small COCO annotation file: 8 images, 4 categories in 2 supercategories, small/medium/large
                     boxes, a crowd box, an image without annotations;
  case_results.json  detections on it: jittered boxes (good, poor and bad localization), confusions within and
                     across supercategories, duplicates, background false positives, misses, an image without any;
  case_results_b.json, case_results_c.json  two more "models" (re-jittered, partial) for weighted boxes fusion;
  scalars.json       a training log as the engine writes vis_data/scalars.json: 3 epochs of 4 logged iterations,
                     validation lines with coco/bbox_mAP after epochs 1 and 3;
  expected.json      the reference answers:
    - logs: analyze_logs.py (3.x): load_json_logs, then cal_train_time's printed lines (with and without
      --include-outliers) and plot_curve's x and y values for loss_cls (by step) and bbox_mAP (by epoch);
    - confusion: MMDetection's analyze_per_img_dets (tools/analysis_tools/confusion_matrix.py, 3.x), reproduced
      below line by line with MMDetection's numpy bbox_overlaps, for two threshold settings;
    - image_map: analyze_results.py's bbox_map_eval per image: eval_map (mean_ap.py, tpfp_default, area mode) on the
      image alone at IoU .50:.05:.95, averaged; reproduced below line by line;
    - error_analysis: coco_error_analysis.py's ps array (C75, C50, Loc from one COCOeval; Sim and Oth from its
      analyze_individual_category re-evaluations with pycocotools; ps == -1 -> 0, BG, FN), summarized as makeplot's
      legend APs for every type, category (and all) and area, and precision at recall points 0, 25, 50, 75, 100;
    - wbf: mmdet/models/utils/wbf.py's weighted_boxes_fusion reproduced line by line (numpy 1.24 casting: float32
      weighted boxes), on corners made from the COCO boxes, per image, for the four conf types.
"""
import copy
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get('PYCOCOTOOLS_DIR', '/tmp/pycoco/PythonAPI'))
from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402

CATEGORIES = [
    {'id': 1, 'name': 'circle', 'supercategory': 'round'},
    {'id': 2, 'name': 'ellipse', 'supercategory': 'round'},
    {'id': 3, 'name': 'square', 'supercategory': 'angular'},
    {'id': 4, 'name': 'triangle', 'supercategory': 'angular'},
]
SIBLING = {1: 2, 2: 1, 3: 4, 4: 3}
OTHER = {1: 3, 2: 4, 3: 1, 4: 2}
W, H = 320, 240


def r2(v):
    return float(round(v, 2))


def make_case(rng):
    images, anns, dets = [], [], []
    scores = iter(rng.permutation(np.arange(1, 100000)) / 100000.0)   # distinct scores: no ties
    for i in range(8):
        images.append({'id': i + 1, 'file_name': f'img_{i:03d}.jpg', 'width': W, 'height': H})
        count = 0 if i == 7 else rng.randint(2, 6)
        for _ in range(count):
            side = [rng.uniform(10, 28), rng.uniform(36, 90), rng.uniform(100, 150)][rng.randint(3)]
            w, h = side * rng.uniform(0.8, 1.25), side * rng.uniform(0.8, 1.25)
            x, y = rng.uniform(0, W - w - 1), rng.uniform(0, H - h - 1)
            cat = int(rng.randint(1, 5))
            crowd = 1 if (i == 3 and not any(a['iscrowd'] for a in anns)) else 0
            box = [r2(x), r2(y), r2(w), r2(h)]
            anns.append({'id': len(anns) + 1, 'image_id': i + 1, 'category_id': cat, 'bbox': box,
                         'area': r2(box[2] * box[3]), 'iscrowd': crowd})
            if i == 6 or rng.rand() < 0.15:
                continue    # a miss (image 7 gets no detections at all)
            jitter = [0.03, 0.12, 0.45][rng.choice(3, p=[0.5, 0.3, 0.2])]
            label = cat
            u = rng.rand()
            if u < 0.15:
                label = SIBLING[cat]
            elif u < 0.25:
                label = OTHER[cat]
            copies = 2 if rng.rand() < 0.2 else 1
            for _ in range(copies):
                dx, dy = rng.normal(0, jitter * w), rng.normal(0, jitter * h)
                dw, dh = w * (1 + rng.normal(0, jitter)), h * (1 + rng.normal(0, jitter))
                dets.append({'image_id': i + 1, 'category_id': int(label),
                             'bbox': [r2(x + dx), r2(y + dy), r2(max(dw, 2)), r2(max(dh, 2))], 'score': float(next(scores))})
        if i != 6:
            for _ in range(rng.randint(0, 3)):   # background false positives
                w, h = rng.uniform(8, 60), rng.uniform(8, 60)
                dets.append({'image_id': i + 1, 'category_id': int(rng.randint(1, 5)),
                             'bbox': [r2(rng.uniform(0, W - w)), r2(rng.uniform(0, H - h)), r2(w), r2(h)],
                             'score': float(next(scores)) * 0.6})
    return {'images': images, 'categories': CATEGORIES, 'annotations': anns}, dets


def other_model(rng, dets, keep):
    scores = iter(rng.permutation(np.arange(1, 100000)) / 100000.0)
    out = []
    for d in dets:
        if rng.rand() > keep:
            continue
        x, y, w, h = d['bbox']
        out.append({'image_id': d['image_id'], 'category_id': d['category_id'],
                    'bbox': [r2(x + rng.normal(0, 0.05 * w)), r2(y + rng.normal(0, 0.05 * h)), r2(w * rng.uniform(0.9, 1.1)), r2(h * rng.uniform(0.9, 1.1))],
                    'score': float(next(scores))})
    return out


# ----- MMDetection's numpy bbox_overlaps (mmdet/evaluation/functional/bbox_overlaps.py), iou mode, no legacy coordinates
def bbox_overlaps(bboxes1, bboxes2, eps=1e-6):
    bboxes1 = bboxes1.astype(np.float32)
    bboxes2 = bboxes2.astype(np.float32)
    rows, cols = bboxes1.shape[0], bboxes2.shape[0]
    ious = np.zeros((rows, cols), dtype=np.float32)
    if rows * cols == 0:
        return ious
    exchange = False
    if bboxes1.shape[0] > bboxes2.shape[0]:
        bboxes1, bboxes2 = bboxes2, bboxes1
        ious = np.zeros((cols, rows), dtype=np.float32)
        exchange = True
    area1 = (bboxes1[:, 2] - bboxes1[:, 0]) * (bboxes1[:, 3] - bboxes1[:, 1])
    area2 = (bboxes2[:, 2] - bboxes2[:, 0]) * (bboxes2[:, 3] - bboxes2[:, 1])
    for i in range(bboxes1.shape[0]):
        x_start = np.maximum(bboxes1[i, 0], bboxes2[:, 0])
        y_start = np.maximum(bboxes1[i, 1], bboxes2[:, 1])
        x_end = np.minimum(bboxes1[i, 2], bboxes2[:, 2])
        y_end = np.minimum(bboxes1[i, 3], bboxes2[:, 3])
        overlap = np.maximum(x_end - x_start, 0) * np.maximum(y_end - y_start, 0)
        union = area1[i] + area2 - overlap
        union = np.maximum(union, eps)
        ious[i, :] = overlap / union
    if exchange:
        ious = ious.T
    return ious


# ----- What MMDetection's CocoDataset and tools/test.py hand the tools
def dataset_instances(gt):
    """parse_data_info: xyxy boxes, labels in category order, crowd kept with ignore_flag."""
    label = {c['id']: k for k, c in enumerate(gt['categories'])}
    per_image = {img['id']: [] for img in gt['images']}
    for a in gt['annotations']:
        x, y, w, h = a['bbox']
        per_image[a['image_id']].append({'bbox': [x, y, x + w, y + h], 'bbox_label': label[a['category_id']],
                                         'ignore_flag': a['iscrowd']})
    return per_image


def predictions(gt, dets):
    """pred_instances per image: float32 xyxy boxes (x2 = x + w), labels, float32 scores, in file order."""
    label = {c['id']: k for k, c in enumerate(gt['categories'])}
    per_image = {img['id']: ([], [], []) for img in gt['images']}
    for d in dets:
        x, y, w, h = d['bbox']
        b, l, s = per_image[d['image_id']]
        b.append([x, y, x + w, y + h])
        l.append(label[d['category_id']])
        s.append(d['score'])
    return {k: {'bboxes': np.array(b, dtype=np.float32).reshape(-1, 4), 'labels': np.array(l, dtype=np.int64),
                'scores': np.array(s, dtype=np.float32)} for k, (b, l, s) in per_image.items()}


# ----- confusion_matrix.py (3.x): analyze_per_img_dets, without the NMS branch
def analyze_per_img_dets(confusion_matrix, gts, result, score_thr=0, tp_iou_thr=0.5):
    true_positives = np.zeros(len(gts))
    gt_bboxes = []
    gt_labels = []
    for gt in gts:
        gt_bboxes.append(gt['bbox'])
        gt_labels.append(gt['bbox_label'])
    gt_bboxes = np.array(gt_bboxes)
    gt_labels = np.array(gt_labels)
    unique_label = np.unique(result['labels'])
    for det_label in unique_label:
        mask = (result['labels'] == det_label)
        det_bboxes = result['bboxes'][mask]
        det_scores = result['scores'][mask]
        ious = bbox_overlaps(det_bboxes[:, :4], gt_bboxes.reshape(-1, 4))
        for i, score in enumerate(det_scores):
            det_match = 0
            if score >= score_thr:
                for j, gt_label in enumerate(gt_labels):
                    if ious[i, j] >= tp_iou_thr:
                        det_match += 1
                        if gt_label == det_label:
                            true_positives[j] += 1
                        confusion_matrix[gt_label, det_label] += 1
                if det_match == 0:
                    confusion_matrix[-1, det_label] += 1
    for num_tp, gt_label in zip(true_positives, gt_labels):
        if num_tp == 0:
            confusion_matrix[gt_label, -1] += 1


def confusion(gt, instances, preds, score_thr, tp_iou_thr):
    n = len(gt['categories'])
    matrix = np.zeros(shape=[n + 1, n + 1])
    for img in gt['images']:
        analyze_per_img_dets(matrix, instances[img['id']], preds[img['id']], score_thr, tp_iou_thr)
    return matrix.tolist()


# ----- analyze_results.py: bbox_map_eval = mean over IoU thresholds of eval_map on one image (mean_ap.py)
def tpfp_default(det_bboxes, gt_bboxes, iou_thr):
    num_dets, num_gts = det_bboxes.shape[0], gt_bboxes.shape[0]
    tp = np.zeros((1, num_dets), dtype=np.float32)
    fp = np.zeros((1, num_dets), dtype=np.float32)
    if num_gts == 0:
        fp[...] = 1
        return tp, fp
    ious = bbox_overlaps(det_bboxes, gt_bboxes)
    ious_max = ious.max(axis=1)
    ious_argmax = ious.argmax(axis=1)
    sort_inds = np.argsort(-det_bboxes[:, -1])
    gt_covered = np.zeros(num_gts, dtype=bool)
    for i in sort_inds:
        if ious_max[i] >= iou_thr:
            matched_gt = ious_argmax[i]
            if not gt_covered[matched_gt]:
                gt_covered[matched_gt] = True
                tp[0, i] = 1
            else:
                fp[0, i] = 1
        else:
            fp[0, i] = 1
    return tp, fp


def average_precision_area(recalls, precisions):
    recalls, precisions = recalls[np.newaxis, :], precisions[np.newaxis, :]
    zeros = np.zeros((1, 1), dtype=recalls.dtype)
    ones = np.ones((1, 1), dtype=recalls.dtype)
    mrec = np.hstack((zeros, recalls, ones))
    mpre = np.hstack((zeros, precisions, zeros))
    for i in range(mpre.shape[1] - 1, 0, -1):
        mpre[:, i - 1] = np.maximum(mpre[:, i - 1], mpre[:, i])
    ap = np.zeros(1, dtype=np.float32)
    ind = np.where(mrec[0, 1:] != mrec[0, :-1])[0]
    ap[0] = np.sum((mrec[0, ind + 1] - mrec[0, ind]) * mpre[0, ind + 1])
    return ap[0]


def eval_map_one_image(det_per_class, gt_bboxes, gt_labels, iou_thr):
    aps = []
    for c, dets in enumerate(det_per_class):
        cls_gts = gt_bboxes[gt_labels == c] if len(gt_labels) else np.zeros((0, 4), dtype=np.float32)
        tp, fp = tpfp_default(dets, cls_gts, iou_thr)
        num_gts = np.array([cls_gts.shape[0]])
        sort_inds = np.argsort(-dets[:, -1])
        tp = np.cumsum(tp[:, sort_inds], axis=1)
        fp = np.cumsum(fp[:, sort_inds], axis=1)
        eps = np.finfo(np.float32).eps
        recalls = tp / np.maximum(num_gts[:, np.newaxis], eps)
        precisions = tp / np.maximum((tp + fp), eps)
        if num_gts.item() > 0:
            aps.append(average_precision_area(recalls[0, :], precisions[0, :]))
    return np.array(aps).mean().item() if aps else 0.0


def image_maps(gt, instances, preds):
    iou_thrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
    out = {}
    for img in gt['images']:
        p = preds[img['id']]
        dets = [np.hstack([p['bboxes'][p['labels'] == c], p['scores'][p['labels'] == c].reshape((-1, 1))])
                for c in range(len(gt['categories']))]
        inst = instances[img['id']]
        gt_bboxes = np.array([g['bbox'] for g in inst], dtype=np.float32).reshape(-1, 4)
        gt_labels = np.array([g['bbox_label'] for g in inst], dtype=np.int64)
        mean_aps = [eval_map_one_image(dets, gt_bboxes, gt_labels, thr) for thr in iou_thrs]
        out[str(img['id'])] = sum(mean_aps) / len(mean_aps)
    return out


# ----- coco_error_analysis.py: the ps array
def error_analysis(gt_path, results):
    cocoGt = COCO(gt_path)
    cocoDt = cocoGt.loadRes(results)
    imgIds = cocoGt.getImgIds()
    areas = [1024, 9216, 10000000000]
    area_rng = [[0 ** 2, areas[2]], [0 ** 2, areas[0]], [areas[0], areas[1]], [areas[1], areas[2]]]
    cocoEval = COCOeval(copy.deepcopy(cocoGt), copy.deepcopy(cocoDt), 'bbox')
    cocoEval.params.imgIds = imgIds
    cocoEval.params.iouThrs = [0.75, 0.5, 0.1]
    cocoEval.params.maxDets = [100]
    cocoEval.params.areaRng = area_rng
    cocoEval.evaluate()
    cocoEval.accumulate()
    ps = cocoEval.eval['precision']
    ps = np.vstack([ps, np.zeros((4, *ps.shape[1:]))])
    for k, catId in enumerate(cocoGt.getCatIds()):
        nm = cocoGt.loadCats(catId)[0]
        dt = copy.deepcopy(cocoDt)
        dt.dataset['annotations'] = [a for a in dt.dataset['annotations'] if a['category_id'] == catId]
        dt.createIndex()
        result = {}
        for name, forgiven in (('super', set(cocoGt.getCatIds(supNms=[nm['supercategory']]))), ('all', None)):
            gt = copy.deepcopy(cocoGt)
            for idx, ann in enumerate(gt.dataset['annotations']):
                if ann['category_id'] != catId and (forgiven is None or ann['category_id'] in forgiven):
                    gt.dataset['annotations'][idx]['ignore'] = 1
                    gt.dataset['annotations'][idx]['iscrowd'] = 1
                    gt.dataset['annotations'][idx]['category_id'] = catId
            e = COCOeval(gt, copy.deepcopy(dt), 'bbox')
            e.params.imgIds = imgIds
            e.params.maxDets = [100]
            e.params.iouThrs = [0.1]
            e.params.useCats = 1
            e.params.areaRng = area_rng
            e.evaluate()
            e.accumulate()
            result[name] = e.eval['precision'][0, :, k, :, :]
        ps[3, :, k, :, :] = result['super']
        ps[4, :, k, :, :] = result['all']
        ps[ps == -1] = 0
        ps[5, :, k, :, :] = ps[4, :, k, :, :] > 0
        ps[6, :, k, :, :] = 1.0
    aps, points = {}, {}
    K = len(cocoGt.getCatIds())
    for key, k in [('all', None)] + [(str(k), k) for k in range(K)]:
        sub = ps if k is None else ps[:, :, k]
        for a in range(4):
            area_ps = sub[..., a, 0]
            aps[f'{key}/{a}'] = [float(p.mean()) for p in area_ps]
            curves = [p.mean(axis=1) if p.ndim > 1 else p for p in area_ps]
            if a == 0:
                points[key] = [[float(c[r]) for r in (0, 25, 50, 75, 100)] for c in curves]
    return aps, points


# ----- mmdet/models/utils/wbf.py, line by line
def prefilter_boxes(boxes, scores, labels, weights, thr):
    new_boxes = dict()
    for t in range(len(boxes)):
        for j in range(len(boxes[t])):
            score = scores[t][j]
            if score < thr:
                continue
            label = int(labels[t][j])
            box_part = boxes[t][j]
            x1, y1, x2, y2 = float(box_part[0]), float(box_part[1]), float(box_part[2]), float(box_part[3])
            if x2 < x1:
                x1, x2 = x2, x1
            if y2 < y1:
                y1, y2 = y2, y1
            if (x2 - x1) * (y2 - y1) == 0.0:
                continue
            b = [int(label), float(score) * weights[t], weights[t], t, x1, y1, x2, y2]
            if label not in new_boxes:
                new_boxes[label] = []
            new_boxes[label].append(b)
    for k in new_boxes:
        current_boxes = np.array(new_boxes[k])
        new_boxes[k] = current_boxes[current_boxes[:, 1].argsort()[::-1]]
    return new_boxes


def get_weighted_box(boxes, conf_type='avg'):
    box = np.zeros(8, dtype=np.float32)
    conf = 0
    conf_list = []
    w = 0
    for b in boxes:
        box[4:] += (b[1] * b[4:])
        conf += b[1]
        conf_list.append(b[1])
        w += b[2]
    box[0] = boxes[0][0]
    if conf_type in ('avg', 'box_and_model_avg', 'absent_model_aware_avg'):
        box[1] = conf / len(boxes)
    elif conf_type == 'max':
        box[1] = np.array(conf_list).max()
    box[2] = w
    box[3] = -1
    box[4:] /= conf
    return box


def find_matching_box_fast(boxes_list, new_box, match_iou):
    def bb_iou_array(boxes, new_box):
        xA = np.maximum(boxes[:, 0], new_box[0])
        yA = np.maximum(boxes[:, 1], new_box[1])
        xB = np.minimum(boxes[:, 2], new_box[2])
        yB = np.minimum(boxes[:, 3], new_box[3])
        interArea = np.maximum(xB - xA, 0) * np.maximum(yB - yA, 0)
        boxAArea = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
        boxBArea = (new_box[2] - new_box[0]) * (new_box[3] - new_box[1])
        return interArea / (boxAArea + boxBArea - interArea)
    if boxes_list.shape[0] == 0:
        return -1, match_iou
    ious = bb_iou_array(boxes_list[:, 4:], new_box[4:])
    ious[boxes_list[:, 0] != new_box[0]] = -1
    best_idx = np.argmax(ious)
    best_iou = ious[best_idx]
    if best_iou <= match_iou:
        best_iou = match_iou
        best_idx = -1
    return best_idx, best_iou


def weighted_boxes_fusion(bboxes_list, scores_list, labels_list, weights, iou_thr, skip_box_thr, conf_type):
    weights = np.array(weights)
    filtered_boxes = prefilter_boxes(bboxes_list, scores_list, labels_list, weights, skip_box_thr)
    if len(filtered_boxes) == 0:
        return np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64)
    overall_boxes = []
    for label in filtered_boxes:
        boxes = filtered_boxes[label]
        new_boxes = []
        weighted_boxes = np.empty((0, 8))
        for j in range(0, len(boxes)):
            index, best_iou = find_matching_box_fast(weighted_boxes, boxes[j], iou_thr)
            if index != -1:
                new_boxes[index].append(boxes[j])
                weighted_boxes[index] = get_weighted_box(new_boxes[index], conf_type)
            else:
                new_boxes.append([boxes[j].copy()])
                weighted_boxes = np.vstack((weighted_boxes, boxes[j].copy()))
        for i in range(len(new_boxes)):
            clustered_boxes = new_boxes[i]
            if conf_type == 'box_and_model_avg':
                clustered_boxes = np.array(clustered_boxes)
                weighted_boxes[i, 1] = weighted_boxes[i, 1] * len(clustered_boxes) / weighted_boxes[i, 2]
                _, idx = np.unique(clustered_boxes[:, 3], return_index=True)
                weighted_boxes[i, 1] = weighted_boxes[i, 1] * clustered_boxes[idx, 2].sum() / weights.sum()
            elif conf_type == 'absent_model_aware_avg':
                clustered_boxes = np.array(clustered_boxes)
                models = np.unique(clustered_boxes[:, 3]).astype(int)
                mask = np.ones(len(weights), dtype=bool)
                mask[models] = False
                weighted_boxes[i, 1] = weighted_boxes[i, 1] * len(clustered_boxes) / (weighted_boxes[i, 2] + weights[mask].sum())
            elif conf_type == 'max':
                weighted_boxes[i, 1] = weighted_boxes[i, 1] / weights.max()
            else:
                weighted_boxes[i, 1] = weighted_boxes[i, 1] * min(len(weights), len(clustered_boxes)) / weights.sum()
        overall_boxes.append(weighted_boxes)
    overall_boxes = np.concatenate(overall_boxes, axis=0)
    overall_boxes = overall_boxes[overall_boxes[:, 1].argsort()[::-1]]
    return overall_boxes[:, 4:].astype(np.float32), overall_boxes[:, 1].astype(np.float32), overall_boxes[:, 0].astype(np.int64)


def fuse(gt, models, weights, iou_thr, skip_box_thr, conf_type):
    out = []
    for img in gt['images']:
        bl, sl, ll = [], [], []
        for dets in models:
            mine = [d for d in dets if d['image_id'] == img['id']]
            bl.append([[d['bbox'][0], d['bbox'][1], d['bbox'][0] + d['bbox'][2], d['bbox'][1] + d['bbox'][3]] for d in mine])
            sl.append([d['score'] for d in mine])
            ll.append([d['category_id'] for d in mine])
        boxes, scores, labels = weighted_boxes_fusion(bl, sl, ll, weights, iou_thr, skip_box_thr, conf_type)
        for b, s, l in zip(boxes, scores, labels):
            out.append({'image_id': img['id'], 'category_id': int(l), 'box': [float(v) for v in b], 'score': float(s)})
    return out


# ----- analyze_logs.py (3.x)
def make_log(rng, path):
    lines, step = [], 0
    for epoch in (1, 2, 3):
        for it in range(4):
            step += 5
            lines.append({'lr': 0.01, 'data_time': round(rng.uniform(0.001, 0.01), 6), 'loss': round(rng.uniform(0.5, 2), 6),
                          'loss_cls': round(rng.uniform(0.2, 1), 6), 'loss_bbox': round(rng.uniform(0.2, 1), 6),
                          'time': round(rng.uniform(0.2, 0.4) + (0.3 if it == 0 else 0), 6), 'epoch': epoch, 'iter': step,
                          'memory': 800, 'step': step})
        if epoch != 2:
            lines.append({'coco/bbox_mAP': round(0.2 * epoch + rng.uniform(0, 0.05), 4), 'coco/bbox_mAP_50': round(0.4 * epoch, 4),
                          'data_time': 0.003, 'time': 0.05, 'step': epoch})
    with open(path, 'w') as f:
        f.write('{"epoch": 0}\n')   # a one-key line, skipped
        for line in lines:
            f.write(json.dumps(line) + '\n')


def load_json_logs(json_logs):
    from collections import defaultdict
    log_dicts = [dict() for _ in json_logs]
    for json_log, log_dict in zip(json_logs, log_dicts):
        with open(json_log, 'r') as log_file:
            epoch = 1
            for i, line in enumerate(log_file):
                log = json.loads(line.strip())
                val_flag = False
                if not len(log) > 1:
                    continue
                if epoch not in log_dict:
                    log_dict[epoch] = defaultdict(list)
                for k, v in log.items():
                    if '/' in k:
                        log_dict[epoch][k.split('/')[-1]].append(v)
                        val_flag = True
                    elif val_flag:
                        continue
                    else:
                        log_dict[epoch][k].append(v)
                if 'epoch' in log.keys():
                    epoch = log['epoch']
    return log_dicts


def cal_train_time(log_dict, name, include_outliers):
    out = [f'{"-" * 5}Analyze train time of {name}{"-" * 5}']
    all_times = []
    for epoch in log_dict.keys():
        if include_outliers:
            all_times.append(log_dict[epoch]['time'])
        else:
            all_times.append(log_dict[epoch]['time'][1:])
    epoch_ave_time = np.array(list(map(lambda x: np.mean(x), all_times)))
    slowest_epoch = epoch_ave_time.argmax()
    fastest_epoch = epoch_ave_time.argmin()
    std_over_epoch = epoch_ave_time.std()
    out.append(f'slowest epoch {slowest_epoch + 1}, average time is {epoch_ave_time[slowest_epoch]:.4f} s/iter')
    out.append(f'fastest epoch {fastest_epoch + 1}, average time is {epoch_ave_time[fastest_epoch]:.4f} s/iter')
    out.append(f'time std over epochs is {std_over_epoch:.4f}')
    out.append(f'average iter time: {np.mean(epoch_ave_time):.4f} s/iter')
    out.append('')
    return out


def plot_curve_values(log_dict, metric):
    epochs = list(log_dict.keys())
    if 'mAP' in metric:
        xs, ys = [], []
        for epoch in epochs:
            ys += log_dict[epoch][metric]
            if log_dict[epoch][metric]:
                xs += [epoch]
        return [float(x) for x in xs], ys
    xs, ys = [], []
    for epoch in epochs:
        iters = log_dict[epoch]['step']
        xs.append(np.array(iters))
        ys.append(np.array(log_dict[epoch][metric][:len(iters)]))
    return np.concatenate(xs).astype(float).tolist(), np.concatenate(ys).tolist()


def logs(rng):
    path = os.path.join(HERE, 'scalars.json')
    make_log(rng, path)
    log_dict = load_json_logs([path])[0]
    return {
        'cal_train_time': cal_train_time(log_dict, 'scalars.json', False),
        'cal_train_time_outliers': cal_train_time(log_dict, 'scalars.json', True),
        'loss_cls': plot_curve_values(log_dict, 'loss_cls'),
        'bbox_mAP': plot_curve_values(log_dict, 'bbox_mAP'),
    }


def main():
    rng = np.random.RandomState(14)
    gt, dets = make_case(rng)
    dets_b = other_model(rng, dets, 0.8)
    dets_c = other_model(rng, dets, 0.5)
    for name, value in (('case_gt.json', gt), ('case_results.json', dets), ('case_results_b.json', dets_b), ('case_results_c.json', dets_c)):
        with open(os.path.join(HERE, name), 'w') as f:
            json.dump(value, f)
    instances = dataset_instances(gt)
    preds = predictions(gt, dets)
    aps, points = error_analysis(os.path.join(HERE, 'case_gt.json'), dets)
    expected = {
        'logs': logs(np.random.RandomState(3)),
        'confusion': {
            'score0.3_iou0.5': confusion(gt, instances, preds, 0.3, 0.5),
            'score0_iou0.3': confusion(gt, instances, preds, 0.0, 0.3),
        },
        'image_map': image_maps(gt, instances, preds),
        'error_analysis': {'ap': aps, 'precision_points': points},
        'wbf': {conf: fuse(gt, [dets, dets_b, dets_c], [2.0, 1.0, 1.0], 0.55, 0.05, conf)
                for conf in ('avg', 'max', 'box_and_model_avg', 'absent_model_aware_avg')},
    }
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
    print(f"{len(gt['annotations'])} annotations, {len(dets)}/{len(dets_b)}/{len(dets_c)} detections")


if __name__ == '__main__':
    main()
