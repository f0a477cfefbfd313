#!/usr/bin/python3
"""Generates the pipeline benchmark's input: deterministic 1333x800 JPEGs plus a manifest.

Run with Debian's Python (numpy, OpenCV):
    /usr/bin/python3 tests/Detect.Benchmarks/reference/make_pipeline_images.py [--out DIR] [--count N]

The images look like photographs to a JPEG decoder (smooth colour fields, overlapping shapes, sensor
noise), so decode cost is realistic; the manifest gives each image a few boxes, so the geometric
transforms have annotations to move. Both the C# benchmark (tests/Detect.Benchmarks/Pipeline) and
pipeline_opencv.py read DIR/manifest.json. Same arguments, same files (numpy's PCG64, libjpeg-turbo).
"""
import argparse
import json
import os

import cv2
import numpy as np

WIDTH, HEIGHT = 1333, 800


def make_image(rng):
    coarse = rng.integers(0, 256, (9, 15, 3), dtype=np.uint8)
    img = cv2.resize(coarse, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    for _ in range(int(rng.integers(8, 20))):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        centre = (int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT)))
        if rng.random() < 0.5:
            cv2.circle(img, centre, int(rng.integers(10, 160)), colour, -1, cv2.LINE_AA)
        else:
            size = (int(rng.integers(20, 300)), int(rng.integers(20, 300)))
            box = (centre, size, float(rng.uniform(0, 180)))
            cv2.fillPoly(img, [cv2.boxPoints(box).astype(np.int32)], colour, cv2.LINE_AA)
    img += rng.normal(0.0, 6.0, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def make_boxes(rng):
    boxes = []
    for _ in range(int(rng.integers(3, 9))):
        x1, y1 = float(rng.uniform(0, WIDTH - 40)), float(rng.uniform(0, HEIGHT - 40))
        w, h = float(rng.uniform(16, 400)), float(rng.uniform(16, 300))
        boxes.append([round(x1, 2), round(y1, 2), round(min(x1 + w, WIDTH), 2), round(min(y1 + h, HEIGHT), 2)])
    return boxes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', default='artifacts/pipeline-bench')
    parser.add_argument('--count', type=int, default=64)
    parser.add_argument('--seed', type=int, default=20240601)
    parser.add_argument('--quality', type=int, default=90)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    manifest = []
    for i in range(args.count):
        name = f'{i:04d}.jpg'
        ok, data = cv2.imencode('.jpg', make_image(rng), [cv2.IMWRITE_JPEG_QUALITY, args.quality])
        assert ok
        data.tofile(os.path.join(args.out, name))
        manifest.append({'id': i, 'file': name, 'width': WIDTH, 'height': HEIGHT, 'bboxes': make_boxes(rng)})
    with open(os.path.join(args.out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f)
    print(f'wrote {args.count} images and manifest.json to {args.out}')


if __name__ == '__main__':
    main()
