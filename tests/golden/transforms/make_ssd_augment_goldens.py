#!/usr/bin/python3
"""Goldens for Expand and MinIoURandomCrop (SSD's train augmentations), replayed from recorded random draws.

    /usr/bin/python3 tests/golden/transforms/make_ssd_augment_goldens.py

Re-implements, from MMDetection 3.x's source (mmdet/datasets/transforms/transforms.py, classes Expand and
MinIoURandomCrop), what the two transforms do to an image, its boxes (torch float32, as HorizontalBoxes), labels, ignore
flags and bitmap masks. Every random draw goes through a recorder around numpy's RandomState(seed): random.choice over
the seven modes is recorded as an integer draw (index, bound), random.uniform(low, high) as the double u it used
(low + (high - low) * u, numpy's legacy formula). The C# tests replay the recorded draws through a scripted System.Random
and compare with the results here: images and masks byte for byte, boxes exactly (float32).

Seeds are searched so the cases cover: Expand applied (with masks) and skipped; MinIoURandomCrop succeeding after several
rejected trials with boxes dropped because their centres fall outside the patch and masks cropped; mode 1 (no crop); a
crop of an image without boxes; and Expand followed by MinIoURandomCrop on one stream.

Writes tests/Detect.Runtime.Tests/Transforms/Fixtures/ssd_augment.json.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'Detect.Runtime.Tests', 'Transforms', 'Fixtures',
                   'ssd_augment.json')
MEAN = [123.675, 116.28, 103.53]


class Recorder:
    """numpy's RandomState with every draw written down in the order the transform makes it."""

    def __init__(self, seed):
        self.rs = np.random.RandomState(seed)
        self.draws = []

    def choice_index(self, n):
        i = int(self.rs.randint(n))
        self.draws.append({'int': i, 'bound': n})
        return i

    def uniform(self, low, high):
        u = float(self.rs.random_sample())
        self.draws.append({'double': u})
        return low + (high - low) * u


class Trace:
    rejected = 0


def expand(rec, sample, mean=MEAN, to_rgb=True, ratio_range=(1, 4), prob=0.5):
    """MMDetection's Expand.transform."""
    if rec.uniform(0, 1) > prob:
        return sample
    img = sample['img']
    h, w, c = img.shape
    ratio = rec.uniform(*ratio_range)
    fill = mean[::-1] if to_rgb else mean
    expand_img = np.full((int(h * ratio), int(w * ratio), c), fill, dtype=img.dtype)
    left = int(rec.uniform(0, w * ratio - w))
    top = int(rec.uniform(0, h * ratio - h))
    expand_img[top:top + h, left:left + w] = img
    out = dict(sample, img=expand_img)
    out['boxes'] = sample['boxes'] + torch.tensor([left, top, left, top], dtype=torch.float32)
    masks = np.zeros((len(sample['masks']), int(h * ratio), int(w * ratio)), dtype=np.uint8)
    masks[:, top:top + h, left:left + w] = sample['masks']
    out['masks'] = masks
    return out


def overlaps(patch, boxes):
    """bbox_overlaps(patch, boxes, mode='iou', eps=1e-6), float32."""
    area1 = (patch[:, 2] - patch[:, 0]) * (patch[:, 3] - patch[:, 1])
    area2 = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    lt = torch.max(patch[:, None, :2], boxes[None, :, :2])
    rb = torch.min(patch[:, None, 2:], boxes[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    overlap = wh[..., 0] * wh[..., 1]
    union = area1[..., None] + area2[..., None, :] - overlap
    union = torch.max(union, union.new_tensor([1e-6]))
    return overlap / union


def min_iou_random_crop(rec, sample, trace, min_ious=(0.1, 0.3, 0.5, 0.7, 0.9), min_crop_size=0.3, clip=True):
    """MMDetection's MinIoURandomCrop.transform."""
    modes = (1, *min_ious, 0)
    img = sample['img']
    boxes = sample['boxes']
    h, w, c = img.shape
    while True:
        mode = modes[rec.choice_index(len(modes))]
        if mode == 1:
            return sample
        for _ in range(50):
            new_w = rec.uniform(min_crop_size * w, w)
            new_h = rec.uniform(min_crop_size * h, h)
            if new_h / new_w < 0.5 or new_h / new_w > 2:
                trace.rejected += 1
                continue
            left = rec.uniform(w - new_w, 1.0)  # numpy's random.uniform(w - new_w): low = w - new_w, high = 1
            top = rec.uniform(h - new_h, 1.0)
            patch = np.array((int(left), int(top), int(left + new_w), int(top + new_h)))
            if patch[2] == patch[0] or patch[3] == patch[1]:
                trace.rejected += 1
                continue
            ious = overlaps(torch.from_numpy(patch.reshape(-1, 4).astype(np.float32)), boxes).numpy().reshape(-1)
            if len(ious) > 0 and ious.min() < mode:
                trace.rejected += 1
                continue
            out = dict(sample)
            if len(ious) > 0:
                centers = ((boxes[:, :2] + boxes[:, 2:]) / 2).numpy()
                mask = (centers[:, 0] > patch[0]) * (centers[:, 1] > patch[1]) * (centers[:, 0] < patch[2]) * (centers[:, 1] < patch[3])
                if not mask.any():
                    trace.rejected += 1
                    continue
                kept = boxes[torch.from_numpy(mask)] - torch.tensor([patch[0], patch[1], patch[0], patch[1]], dtype=torch.float32)
                if clip:
                    ph, pw = patch[3] - patch[1], patch[2] - patch[0]
                    kept[:, 0::2] = kept[:, 0::2].clamp(0, pw)
                    kept[:, 1::2] = kept[:, 1::2].clamp(0, ph)
                out['boxes'] = kept
                out['labels'] = sample['labels'][mask]
                out['ignore'] = sample['ignore'][mask]
                out['masks'] = sample['masks'][mask.nonzero()[0]][:, patch[1]:patch[3], patch[0]:patch[2]]
            else:
                # MMDetection leaves the (empty) masks at the old size; Detect keeps masks at the image's size. Both are empty.
                out['masks'] = sample['masks'][:, patch[1]:patch[3], patch[0]:patch[2]]
            out['img'] = img[patch[1]:patch[3], patch[0]:patch[2]]
            trace.patch = [int(v) for v in patch]
            return out


def source(h=12, w=16, with_boxes=True):
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing='ij')
    img = ((y * 37 + x * 11 + c * 71) % 256).astype(np.uint8)
    if not with_boxes:
        return dict(img=img, boxes=torch.zeros((0, 4)), labels=np.zeros(0, np.int64), ignore=np.zeros(0, bool),
                    masks=np.zeros((0, h, w), np.uint8))
    boxes = torch.tensor([[1.5, 1.0, 6.25, 5.5], [4.0, 3.0, 14.5, 11.0], [11.0, 0.5, 15.75, 4.0], [0.0, 7.0, 3.0, 12.0]],
                         dtype=torch.float32)
    masks = np.zeros((4, h, w), np.uint8)
    for i, (x1, y1, x2, y2) in enumerate(boxes.tolist()):
        for yy in range(int(y1), int(np.ceil(y2))):
            for xx in range(int(x1), int(np.ceil(x2))):
                masks[i, yy, xx] = 1 if (xx + yy + i) % 3 else 0
    return dict(img=img, boxes=boxes, labels=np.array([0, 1, 2, 1], np.int64), ignore=np.array([False, True, False, False]),
                masks=masks)


def dump(sample):
    return {'shape': list(sample['img'].shape), 'img': sample['img'].reshape(-1).tolist(),
            'boxes': [float(v) for v in sample['boxes'].reshape(-1).tolist()], 'labels': sample['labels'].tolist(),
            'ignore': [bool(v) for v in sample['ignore']], 'masks_shape': list(sample['masks'].shape),
            'masks': sample['masks'].reshape(-1).tolist()}


def run(kind, seed, with_boxes=True):
    rec, trace = Recorder(seed), Trace()
    sample = source(with_boxes=with_boxes)
    if kind in ('expand', 'expand_then_crop'):
        sample = expand(rec, sample)
    if kind in ('crop', 'expand_then_crop'):
        sample = min_iou_random_crop(rec, sample, trace)
    return rec, trace, sample


def find(kind, accept, with_boxes=True):
    for seed in range(10000):
        rec, trace, out = run(kind, seed, with_boxes)
        if accept(rec, trace, out):
            return seed, rec, trace, out
    raise RuntimeError(f'no seed for {kind}')


def main():
    n_in = len(source()['labels'])
    cases = {
        'expand_applied': find('expand', lambda r, t, o: len(r.draws) == 4 and o['img'].shape[0] >= 24),
        'expand_skipped': find('expand', lambda r, t, o: len(r.draws) == 1),
        'crop_after_rejections': find('crop', lambda r, t, o: 3 <= t.rejected <= 120 and hasattr(t, 'patch') and 0 < len(o['labels']) < n_in
                                      and r.draws[0]['int'] not in (0, 6)),
        'crop_mode_one': find('crop', lambda r, t, o: len(r.draws) == 1),
        'crop_without_boxes': find('crop', lambda r, t, o: hasattr(t, 'patch'), with_boxes=False),
        'expand_then_crop': find('expand_then_crop', lambda r, t, o: 6 < len(r.draws) < 100 and hasattr(t, 'patch') and
                                 r.draws[0]['double'] <= 0.5),
    }
    golden = {'source': f'numpy {np.__version__}, torch {torch.__version__}; tests/golden/transforms/make_ssd_augment_goldens.py '
                        '(MMDetection 3.x Expand and MinIoURandomCrop re-implemented)',
              'mean': MEAN, 'input': dump(source()), 'input_without_boxes': dump(source(with_boxes=False)), 'cases': {}}
    for name, (seed, rec, trace, out) in cases.items():
        golden['cases'][name] = {'seed': seed, 'draws': rec.draws, 'rejected': trace.rejected,
                                 'patch': getattr(trace, 'patch', None), 'without_boxes': name == 'crop_without_boxes',
                                 'output': dump(out)}
        print(f"{name}: seed {seed}, {len(rec.draws)} draws, {trace.rejected} rejected, patch {getattr(trace, 'patch', None)}, "
              f"{len(out['labels'])} boxes, image {out['img'].shape}")
    with open(OUT, 'w') as f:
        json.dump(golden, f)


if __name__ == '__main__':
    main()
