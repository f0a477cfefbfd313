"""Golden anchors from torchvision.models.detection.anchor_utils.AnchorGenerator (torchvision 0.14).

Writes tests/Detect.Models.Tests/TaskModules/Fixtures/torchvision_anchors.json; the C# test checks that
Detect's AnchorGenerator with roundBaseAnchors reproduces them.
Run: /usr/bin/python3 tests/golden/ops/anchors_golden.py
"""
import torch
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList

from _fixture import encode, write


def anchors(sizes, aspect_ratios, image_size, feature_sizes):
    generator = AnchorGenerator(sizes=sizes, aspect_ratios=aspect_ratios)
    images = ImageList(torch.zeros(1, 3, *image_size), [image_size])
    features = [torch.zeros(1, 1, *size) for size in feature_sizes]
    return generator(images, features)[0]


def main():
    cases = [
        # torchvision's FPN defaults on two levels: strides 4 and 8, one size per level, three ratios.
        {"sizes": [[32], [64]], "ratios": [0.5, 1.0, 2.0], "image_size": [64, 96], "feature_sizes": [[16, 24], [8, 12]]},
        # Several sizes per level and ratios whose half-widths land near .5 (rounding half to even).
        {"sizes": [[20, 40, 33]], "ratios": [0.7, 1.3], "image_size": [40, 56], "feature_sizes": [[5, 7]]},
    ]
    for case in cases:
        out = anchors(tuple(tuple(s) for s in case["sizes"]), (tuple(case["ratios"]),) * len(case["sizes"]),
                      tuple(case["image_size"]), case["feature_sizes"])
        case["anchors"] = encode(out)
    write("tests/Detect.Models.Tests/TaskModules/Fixtures/torchvision_anchors.json", {"cases": cases})


if __name__ == "__main__":
    main()
