#!/usr/bin/python3
"""Synthetic COCO ground truth and detections for the bbox-evaluation benchmark (numpy only).

    /usr/bin/python3 tests/Detect.Benchmarks/reference/make_coco_eval_data.py [OUT_DIR] [--images 5000] [--dets 100]

Writes OUT_DIR/gt.json and OUT_DIR/dt.json (default OUT_DIR: /tmp/detect-coco-bench). COCO-like:
80 categories with COCO's non-contiguous ids, 640x480 images with 1..14 objects (about 7 on average,
as val2017), 5% crowds, sizes spread over small/medium/large; exactly --dets detections per image
(jittered copies of the ground truth plus false positives, scores with ties). Fixed seed: the same
files every run.
"""
import argparse
import json
import os

import numpy as np

COCO_IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 31, 32,
            33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
            60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out', nargs='?', default='/tmp/detect-coco-bench')
    parser.add_argument('--images', type=int, default=5000)
    parser.add_argument('--dets', type=int, default=100)
    args = parser.parse_args()
    rng = np.random.default_rng(5000100)
    W, H = 640, 480
    images, anns, dets = [], [], []
    ann_id = 1
    for img_id in range(1, args.images + 1):
        images.append({'id': img_id, 'file_name': f'{img_id:012d}.jpg', 'width': W, 'height': H})
        n = int(rng.integers(1, 15))
        sides = np.exp(rng.uniform(np.log(6), np.log(400), size=(n, 2)))
        gts = []
        for k in range(n):
            w, h = float(min(sides[k, 0], W - 1)), float(min(sides[k, 1], H - 1))
            x, y = float(rng.uniform(0, W - w)), float(rng.uniform(0, H - h))
            cat = int(rng.choice(COCO_IDS))
            anns.append({'id': ann_id, 'image_id': img_id, 'category_id': cat, 'bbox': [x, y, w, h],
                         'area': w * h * float(rng.uniform(0.5, 0.9)), 'iscrowd': int(rng.uniform() < 0.05)})
            ann_id += 1
            gts.append((x, y, w, h, cat))
        for d in range(args.dets):
            if d < 3 * n and rng.uniform() < 0.7:
                x, y, w, h, cat = gts[d % n]
                jx, jy = rng.normal(0, 0.08 * w), rng.normal(0, 0.08 * h)
                w2, h2 = w * float(np.exp(rng.normal(0, 0.1))), h * float(np.exp(rng.normal(0, 0.1)))
                if rng.uniform() < 0.1:
                    cat = int(rng.choice(COCO_IDS))
                box = [x + jx, y + jy, w2, h2]
                score = float(np.round(rng.uniform(0.3, 1.0), 3))
            else:
                w2, h2 = float(np.exp(rng.uniform(np.log(6), np.log(300)))), float(np.exp(rng.uniform(np.log(6), np.log(300))))
                box = [float(rng.uniform(0, W - w2)), float(rng.uniform(0, H - h2)), w2, h2]
                cat = int(rng.choice(COCO_IDS))
                score = float(np.round(rng.uniform(0.0, 0.6), 3))
            dets.append({'image_id': img_id, 'category_id': cat, 'bbox': [round(v, 2) for v in box], 'score': score})
    os.makedirs(args.out, exist_ok=True)
    categories = [{'id': c, 'name': f'class_{c}', 'supercategory': 'thing'} for c in COCO_IDS]
    with open(os.path.join(args.out, 'gt.json'), 'w') as f:
        json.dump({'images': images, 'annotations': anns, 'categories': categories}, f)
    with open(os.path.join(args.out, 'dt.json'), 'w') as f:
        json.dump(dets, f)
    print(f'{args.out}: {len(images)} images, {len(anns)} annotations, {len(dets)} detections')


if __name__ == '__main__':
    main()
