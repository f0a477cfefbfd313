#!/usr/bin/python3
"""Times one training step of torchvision's Faster R-CNN R50-FPN on the CPU, the workload of Models/FasterRcnnTrainStepRunner.cs.

Run: /usr/bin/python3 tests/Detect.Benchmarks/reference/fasterrcnn_train_torchvision.py [--dir /tmp/detect-parity]
     [--threads 2] [--steps 6]

Same weights and image as the inference benchmark (make_detector_fixtures.py --full DIR --archs fasterrcnn_resnet50_fpn,
--bench-image DIR/bench_800x1216.png); a batch of two images: the photo and its mirror image, with the boxes and labels of
FasterRcnnTrainStepRunner.Targets (torchvision's labels are Detect's + 1). torchvision's training settings: frozen
BatchNorm, trainable_backbone_layers=3 (the stem and layer1 frozen), 2000 proposals per image, 256 sampled anchors and
512 sampled RoIs per image. One step is model(images, targets), backward of the summed losses, and an SGD step (lr 0.01,
momentum 0.9, weight decay 1e-4). Prints each step and the median of the steps after the first.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "golden", "models"))
from make_detector_fixtures import FULL, build, load_rgb_tensor  # noqa: E402

# FasterRcnnTrainStepRunner.Targets: (x1, y1, x2, y2) boxes on the 800x1216 images, Detect labels.
TARGETS = [
    ([[100, 120, 420, 560], [500, 80, 900, 400], [860, 500, 1180, 780]], [0, 2, 16]),
    ([[40, 300, 300, 700], [640, 200, 1000, 640]], [17, 61]),
]


def freeze_like_torchvision(model, trainable_layers=3):
    """torchvision's _resnet_fpn_extractor: only the last `trainable_layers` stages of the body train."""
    trainable = ["layer4", "layer3", "layer2", "layer1", "conv1"][:trainable_layers]
    for name, parameter in model.backbone.body.named_parameters():
        if all(not name.startswith(layer) for layer in trainable):
            parameter.requires_grad_(False)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", default="/tmp/detect-parity")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=6)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = build("fasterrcnn_resnet50_fpn", FULL, torch.Generator().manual_seed(0))
    model.load_state_dict(torch.load(os.path.join(args.dir, "fasterrcnn_resnet50_fpn.pth")))
    freeze_like_torchvision(model)
    model.train()
    image = load_rgb_tensor(os.path.join(args.dir, "bench_800x1216.png"))
    images = [image, image.flip(2).contiguous()]
    targets = [{"boxes": torch.tensor(b, dtype=torch.float32), "labels": torch.tensor(l) + 1} for b, l in TARGETS]
    sgd = torch.optim.SGD([q for q in model.parameters() if q.requires_grad], lr=0.01, momentum=0.9, weight_decay=1e-4)
    print(f"torch {torch.__version__}, batch 2 of {tuple(image.shape)}, {torch.get_num_threads()} threads")
    times = []
    for step in range(args.steps):
        start = time.perf_counter()
        sgd.zero_grad()
        losses = model(images, targets)
        total = sum(losses.values())
        total.backward()
        sgd.step()
        times.append(time.perf_counter() - start)
        print(f"step {step}: {times[-1]:.2f} s, loss {total.item():.4f}")
    rest = times[1:]
    print(f"median {statistics.median(rest) * 1000:.0f} ms, min {min(rest) * 1000:.0f} ms per step (steps after the first)")


if __name__ == "__main__":
    main()
