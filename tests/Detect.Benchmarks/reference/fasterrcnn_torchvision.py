#!/usr/bin/python3
"""Times torchvision's Faster R-CNN R50-FPN on the CPU, the workload of tests/Detect.Benchmarks/Models.

Run: /usr/bin/python3 tests/Detect.Benchmarks/reference/fasterrcnn_torchvision.py [--dir /tmp/detect-parity]
     [--threads 1 2] [--repeats 10]

Uses the weights and image the C# benchmark uses (see FasterRcnnInferenceBenchmarks: make_detector_fixtures.py
--full DIR --archs fasterrcnn_resnet50_fpn, and --bench-image DIR/bench_800x1216.png): torchvision's
fasterrcnn_resnet50_fpn structure with FrozenBatchNorm2d (as its COCO weights are used), eval mode, no_grad.
One call is model([image]) with a float RGB image in [0, 1]: its transform (normalization; the 800-pixel-high
image is not resized), backbone, FPN, RPN, RoI heads and post-processing. Prints median and min in ms.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "golden", "models"))
from make_detector_fixtures import FULL, build, load_rgb_tensor  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", default="/tmp/detect-parity")
    p.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    p.add_argument("--repeats", type=int, default=10)
    args = p.parse_args()
    model = build("fasterrcnn_resnet50_fpn", FULL, torch.Generator().manual_seed(0))
    model.load_state_dict(torch.load(os.path.join(args.dir, "fasterrcnn_resnet50_fpn.pth")))
    model.eval()
    image = load_rgb_tensor(os.path.join(args.dir, "bench_800x1216.png"))
    print(f"torch {torch.__version__}, image {tuple(image.shape)}")
    for threads in args.threads:
        torch.set_num_threads(threads)
        with torch.no_grad():
            for _ in range(2):
                n = len(model([image])[0]["scores"])
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                model([image])
                times.append((time.perf_counter() - start) * 1000)
        print(f"threads {threads}: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms ({n} detections)")


if __name__ == "__main__":
    main()
