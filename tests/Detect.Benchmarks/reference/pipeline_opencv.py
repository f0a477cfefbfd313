#!/usr/bin/python3
"""Reference timing for the train-pipeline benchmark: an OpenCV loop with worker processes.

    /usr/bin/python3 tests/Detect.Benchmarks/reference/make_pipeline_images.py
    /usr/bin/python3 tests/Detect.Benchmarks/reference/pipeline_opencv.py [--workers 2] [--epochs 5]

Per image, the work MMDetection's train pipeline plus its DetDataPreprocessor do, with the same
libraries MMDetection uses (mmcv's cv2 backend): decode (cv2.imdecode, BGR), Resize to (1333, 800)
with keep_ratio (mmcv.rescale_size rounding, cv2.INTER_LINEAR; boxes scaled and clipped), RandomFlip
prob 0.5 (boxes flipped), float32 + BGR->RGB + (x - mean) / std (mmcv.imnormalize's in-place cv2
calls), pad bottom/right to a multiple of 32 (cv2.copyMakeBorder), HWC->CHW. Workers are a
multiprocessing.Pool, like a DataLoader's worker processes. --deliver says what travels back:
  array  the normalized, padded float32 CHW image (all work in the workers; what a loader hands over);
  uint8  the uint8 CHW image, normalized and padded in the main process (MMDetection's split between
         PackDetInputs in the workers and DetDataPreprocessor in the main process);
  none   only a checksum (all work in the workers, nothing delivered: the loop's upper bound).
Prints images/second over all epochs after one warm-up epoch, and the CPU time per image summed over
the main process and the workers (less sensitive than wall time to other load on a shared machine;
on 2 idle cores, images/second is at most 2000 / (CPU ms per image)).
"""
import argparse
import json
import multiprocessing as mp
import os
import time

import cv2
import numpy as np

SCALE = (1333, 800)
MEAN = np.array([123.675, 116.28, 103.53], dtype=np.float64).reshape(1, -1)
STD_INV = 1.0 / np.array([58.395, 57.12, 57.375], dtype=np.float64).reshape(1, -1)
DIVISOR = 32

_DELIVER = 'array'


def _init(deliver):
    global _DELIVER
    _DELIVER = deliver
    cv2.setNumThreads(1)  # each worker process is one core's worth of work, as in a DataLoader


def process(job):
    path, boxes, seed = job
    rng = np.random.default_rng(seed)
    img = cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    factor = min(max(SCALE) / max(h, w), min(SCALE) / min(h, w))
    new_w, new_h = int(w * factor + 0.5), int(h * factor + 0.5)
    img = cv2.resize(img, (new_w, new_h), interpolation=cv2.INTER_LINEAR)
    boxes = np.asarray(boxes, dtype=np.float32) * np.array([new_w / w, new_h / h] * 2, dtype=np.float32)
    boxes[:, 0::2] = boxes[:, 0::2].clip(0, new_w)
    boxes[:, 1::2] = boxes[:, 1::2].clip(0, new_h)
    if rng.random() < 0.5:
        img = cv2.flip(img, 1)
        boxes[:, [0, 2]] = new_w - boxes[:, [2, 0]]
    if _DELIVER == 'uint8':
        return np.ascontiguousarray(img.transpose(2, 0, 1)), boxes  # PackDetInputs' tensor
    chw = normalize_and_pad(img)
    if _DELIVER == 'array':
        return chw, boxes
    return float(chw[:, ::97, ::89].sum()), boxes


def normalize_and_pad(img):
    """float32, BGR->RGB, (x - mean) / std, zero-pad bottom/right to DIVISOR, HWC->CHW."""
    h, w = img.shape[:2]
    img = img.astype(np.float32)
    cv2.cvtColor(img, cv2.COLOR_BGR2RGB, img)
    cv2.subtract(img, MEAN, img)
    cv2.multiply(img, STD_INV, img)
    pad_h, pad_w = -(-h // DIVISOR) * DIVISOR, -(-w // DIVISOR) * DIVISOR
    img = cv2.copyMakeBorder(img, 0, pad_h - h, 0, pad_w - w, cv2.BORDER_CONSTANT, value=0)
    return np.ascontiguousarray(img.transpose(2, 0, 1))


def cpu_seconds(pids):
    """user + system CPU time of processes, from /proc (the pool's workers are not reaped yet)."""
    total = 0
    for pid in pids:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf('SC_CLK_TCK')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', default='artifacts/pipeline-bench')
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--epochs', type=int, default=5)
    parser.add_argument('--deliver', choices=['array', 'uint8', 'none'], default='array')
    args = parser.parse_args()
    with open(os.path.join(args.data, 'manifest.json')) as f:
        manifest = json.load(f)
    jobs = lambda epoch: [(os.path.join(args.data, m['file']), m['bboxes'], (epoch, m['id'])) for m in manifest]
    with mp.Pool(args.workers, initializer=_init, initargs=(args.deliver,)) as pool:
        for _ in pool.imap(process, jobs(1000), chunksize=1):
            pass  # warm-up epoch: page cache, worker start-up
        pids = [os.getpid()] + [p.pid for p in pool._pool]
        cpu_start = cpu_seconds(pids)
        start = time.perf_counter()
        count = 0
        for epoch in range(args.epochs):
            for chw, boxes in pool.imap(process, jobs(epoch), chunksize=1):
                if args.deliver == 'uint8':  # the data preprocessor's share, in the main process
                    chw = normalize_and_pad(np.ascontiguousarray(chw.transpose(1, 2, 0)))
                count += 1
        elapsed = time.perf_counter() - start
        cpu = cpu_seconds(pids) - cpu_start
    print(f'opencv loop: {args.workers} workers, deliver={args.deliver}: '
          f'{count} images in {elapsed:.2f} s = {count / elapsed:.1f} images/s; '
          f'CPU {1000 * cpu / count:.1f} ms/image (all processes)')


if __name__ == '__main__':
    main()
