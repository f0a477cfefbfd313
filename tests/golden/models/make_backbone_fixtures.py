#!/usr/bin/python3
"""Golden fixtures for backbone and neck parity with torchvision 0.14 (Debian's python3-torchvision).

Run with Debian's Python (the pyenv `python3` on PATH lacks torch):

    /usr/bin/python3 tests/golden/models/make_backbone_fixtures.py            # committed fixtures
    /usr/bin/python3 tests/golden/models/make_backbone_fixtures.py --full /tmp/detect-parity

Default mode writes small models of the real structures into tests/Detect.Models.Tests/Golden/:
  <name>.pth          the model's weights exactly as torchvision users have them (torch.save of
                      state_dict(); pycls_regnet_narrow.pth in pycls' layout and legacy format)
  <name>.golden.json  input and expected features (float32, little-endian, base64) plus the
                      settings our model must be built with

--full DIR writes the same files for the full-size torchvision models (resnet50, resnext50_32x4d,
regnet_x_400mf) into DIR: too large to commit, used to measure parity on the real architectures
(see README.md next to this script).

Weights are random but fixed (seeded); every BatchNorm gets random affine parameters and running
statistics calibrated on random batches (train mode with momentum=None, i.e. a cumulative average),
so that activations stay O(1) through the whole network and a comparison is meaningful.
"""
import argparse
import base64
import json
import os
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torchvision
from torchvision.models import regnet as tv_regnet
from torchvision.models import resnet as tv_resnet
from torchvision.ops import FeaturePyramidNetwork
from torchvision.ops.feature_pyramid_network import LastLevelMaxPool, LastLevelP6P7

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "..", "Detect.Models.Tests", "Golden"))


def b64(t):
    a = t.detach().contiguous().to(torch.float32).numpy().astype("<f4")
    return base64.b64encode(a.tobytes()).decode("ascii")


def blob(name, t):
    return {"name": name, "shape": list(t.shape), "float32_base64": b64(t)}


class NarrowResNet(tv_resnet.ResNet):
    """torchvision's ResNet with every width scaled by base/64 (torchvision fixes the stem at 64).

    Only the widths change: the blocks, _make_layer and forward are torchvision's own, so the
    structure (and the state-dict keys) are those of torchvision's resnet18/50/resnext50.
    """

    def __init__(self, block, layers, base, groups=1, width_per_group=64, num_classes=10, norm_layer=nn.BatchNorm2d):
        nn.Module.__init__(self)
        self._norm_layer = norm_layer
        self.inplanes = base
        self.dilation = 1
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, base, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(base)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, base, layers[0])
        self.layer2 = self._make_layer(block, base * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(block, base * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(block, base * 8, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(base * 8 * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


def resnet_features(model, x):
    x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
    outs = []
    for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
        x = layer(x)
        outs.append(x)
    return outs


def regnet_features(model, x):
    x = model.stem(x)
    outs = []
    for stage in model.trunk_output:
        x = stage(x)
        outs.append(x)
    return outs


def randomize_norms(model, gen):
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
            with torch.no_grad():
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.2)


def calibrate(model, forward, shape, gen, batches=3):
    """Sets BN running statistics to the cumulative mean/var of a few random batches."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            forward(model, torch.randn(shape, generator=gen))
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 0.1  # torchvision's default again, so the saved module is ordinary
    model.eval()


def backbone_case(out, name, model, forward, input_shape, settings, seed, save=None):
    gen = torch.Generator().manual_seed(seed)
    randomize_norms(model, gen)
    calibrate(model, forward, (4,) + tuple(input_shape[1:]), gen)
    x = torch.randn(input_shape, generator=gen)
    with torch.no_grad():
        feats = forward(model, x)
    (save or (lambda path: torch.save(model.state_dict(), path)))(os.path.join(out, name + ".pth"))
    golden = {
        "source": f"torchvision {torchvision.__version__}, torch {torch.__version__}; tests/golden/models/make_backbone_fixtures.py",
        "model": settings,
        "input": blob("input", x),
        "outputs": [blob(f"out{i}", f) for i, f in enumerate(feats)],
    }
    with open(os.path.join(out, name + ".golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
    print(f"{name}: {sum(p.numel() for p in model.state_dict().values())} values, "
          f"features {[tuple(f.shape) for f in feats]}")


def mmdet_regnet_stages(w0, wa, wm, depth, group_w, bot_mul=1.0):
    """MMDetection's RegNet.generate_regnet + get_stages_from_blocks + adjust_width_group (numpy, float64)."""
    widths_cont = np.arange(depth) * wa + w0
    ks = np.round(np.log(widths_cont / w0) / np.log(wm))
    widths = (np.round(np.divide(w0 * np.power(wm, ks), 8)) * 8).astype(int).tolist()
    diff = [w != p for w, p in zip(widths + [0], [0] + widths)]
    stage_widths = [w for w, d in zip(widths, diff[:-1]) if d]
    stage_depths = np.diff([i for i, d in zip(range(len(diff)), diff) if d]).tolist()
    bot = [int(w * bot_mul) for w in stage_widths]
    groups = [min(group_w, b) for b in bot]
    bot = [int(round(b / g) * g) for b, g in zip(bot, groups)]
    stage_widths = [int(b / bot_mul) for b in bot]
    return stage_widths, stage_depths, groups


def pycls_key(key):
    """torchvision RegNet key -> pycls key (the layout pycls' checkpoints and regnet2mmdet use)."""
    parts = key.split(".")
    if parts[0] == "stem":
        return "stem." + {"0": "conv", "1": "bn"}[parts[1]] + "." + parts[2]
    if parts[0] == "fc":
        return "head." + key
    # trunk_output.block{s}.block{s}-{b}.<proj|f>...
    stage = int(parts[1][len("block"):])
    block = int(parts[2].split("-")[1]) + 1
    rest = parts[3:]
    if rest[0] == "proj":
        name = {"0": "proj", "1": "bn"}[rest[1]]
    else:  # f.a.0 -> f.a, f.a.1 -> f.a_bn
        name = "f." + rest[1] + ("" if rest[2] == "0" else "_bn")
    return f"s{stage}.b{block}.{name}.{rest[-1]}"


def regnet_case(out, name, params, stem_width, input_shape, seed, arch_name=None, pycls_name=None):
    torch.manual_seed(seed)
    bp = tv_regnet.BlockParams.from_init_params(**params)
    model = tv_regnet.RegNet(bp, num_classes=10, stem_width=stem_width)
    widths, depths, groups = mmdet_regnet_stages(params["w_0"], params["w_a"], params["w_m"], params["depth"], params["group_width"])
    tv_groups = [w // g for w, g in zip(bp.widths, bp.group_widths)]
    mm_groups = [w // g for w, g in zip(widths, groups)]
    assert list(bp.widths) == widths and list(bp.depths) == depths and tv_groups == mm_groups, \
        (bp.widths, widths, bp.depths, depths, tv_groups, mm_groups)
    arch = {"w0": params["w_0"], "wa": params["w_a"], "wm": params["w_m"], "depth": params["depth"],
            "group_w": params["group_width"], "bot_mul": 1.0}
    settings = {"type": "RegNet", "arch": arch_name or arch, "stem_channels": stem_width,
                "stage_widths": widths, "stage_depths": depths, "stage_groups": mm_groups}
    backbone_case(out, name, model, regnet_features, input_shape, settings, seed)
    if pycls_name:
        sd = OrderedDict((pycls_key(k), v) for k, v in model.state_dict().items())
        ckpt = {"epoch": 100, "model_state": sd, "optimizer_state": {}}
        # pycls' published checkpoints predate the zip format: write the legacy one.
        torch.save(ckpt, os.path.join(out, pycls_name + ".pth"), _use_new_zipfile_serialization=False)
        print(f"{pycls_name}: pycls layout, legacy format, same golden as {name}")


def fpn_case(out, name, in_channels, out_channels, extra, settings, sizes, seed, norm_layer=None, start_level=0):
    torch.manual_seed(seed)
    fpn = FeaturePyramidNetwork(in_channels[start_level:], out_channels, extra_blocks=extra, norm_layer=norm_layer)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for n, p in fpn.named_parameters():
            if n.endswith("bias"):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.1)
    randomize_norms(fpn, gen)
    fpn.eval()
    inputs = [torch.randn((1, c, h, w), generator=gen) for c, (h, w) in zip(in_channels, sizes)]
    used = inputs[start_level:]
    with torch.no_grad():
        outs = fpn(OrderedDict((str(i), t) for i, t in enumerate(used)))
    torch.save(fpn.state_dict(), os.path.join(out, name + ".pth"))
    golden = {
        "source": f"torchvision {torchvision.__version__}, torch {torch.__version__}; tests/golden/models/make_backbone_fixtures.py",
        "model": dict(settings, type="FPN", in_channels=in_channels, out_channels=out_channels, start_level=start_level),
        "inputs": [blob(f"in{i}", t) for i, t in enumerate(inputs)],
        "outputs": [blob(k, v) for k, v in outs.items()],
    }
    with open(os.path.join(out, name + ".golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
    print(f"{name}: outputs {[tuple(v.shape) for v in outs.values()]}")


# MMDetection's RegNet arch_settings (mmdet/models/backbones/regnet.py)
MMDET_REGNETS = {
    "regnetx_400mf": (24, 24.48, 2.54, 16, 22), "regnetx_800mf": (56, 35.73, 2.28, 16, 16),
    "regnetx_1.6gf": (80, 34.01, 2.25, 24, 18), "regnetx_3.2gf": (88, 26.31, 2.25, 48, 25),
    "regnetx_4.0gf": (96, 38.65, 2.43, 40, 23), "regnetx_6.4gf": (184, 60.83, 2.07, 56, 17),
    "regnetx_8.0gf": (80, 49.56, 2.88, 120, 23), "regnetx_12gf": (168, 73.36, 2.37, 112, 19),
}


def backbone_params(model):
    return sum(p.numel() for n, p in model.named_parameters() if not n.startswith("fc."))


def architectures(out):
    """Parameter counts of the full-size backbones (fc excluded), for our constructors to match.

    ResNet/ResNeXt come from torchvision's models. For RegNet, torchvision's RegNet class is built
    from MMDetection's stage expansion (explicit BlockParams), since torchvision's own presets expand
    some designs differently.
    """
    doc = {"source": f"torchvision {torchvision.__version__}; tests/golden/models/make_backbone_fixtures.py",
           "resnet": {}, "regnet": {}}
    for name, depth in (("resnet18", 18), ("resnet34", 34), ("resnet50", 50), ("resnet101", 101), ("resnet152", 152)):
        doc["resnet"][name] = {"depth": depth, "params": backbone_params(getattr(torchvision.models, name)())}
    for name, groups, width in (("resnext50_32x4d", 32, 4), ("resnext101_32x8d", 32, 8), ("resnext101_64x4d", 64, 4)):
        depth = int(name[len("resnext"):].split("_")[0])
        doc["resnet"][name] = {"depth": depth, "groups": groups, "base_width": width,
                               "params": backbone_params(getattr(torchvision.models, name)())}
    for name, (w0, wa, wm, gw, depth) in MMDET_REGNETS.items():
        widths, depths, group_widths = mmdet_regnet_stages(w0, wa, wm, depth, gw)
        bp = tv_regnet.BlockParams(depths, widths, group_widths, [1.0] * len(widths), [2] * len(widths))
        model = tv_regnet.RegNet(bp)
        doc["regnet"][name] = {"widths": widths, "depths": depths, "group_widths": group_widths,
                               "params": backbone_params(model)}
    with open(os.path.join(out, "architectures.golden.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print("architectures:", {k: v["params"] for k, v in {**doc["resnet"], **doc["regnet"]}.items()})


def compare_regnet_archs():
    """Prints where torchvision's regnet_x presets and MMDetection's RegNet expand the same design differently."""
    presets = {"regnet_x_400mf": "regnetx_400mf", "regnet_x_800mf": "regnetx_800mf", "regnet_x_1_6gf": "regnetx_1.6gf",
               "regnet_x_3_2gf": "regnetx_3.2gf", "regnet_x_8gf": "regnetx_8.0gf"}
    for tv_name, mm_name in presets.items():
        w0, wa, wm, gw, depth = MMDET_REGNETS[mm_name]
        bp = tv_regnet.BlockParams.from_init_params(depth=depth, w_0=w0, w_a=wa, w_m=wm, group_width=gw)
        mm = mmdet_regnet_stages(w0, wa, wm, depth, gw)
        same = (list(bp.widths), list(bp.depths), list(bp.group_widths)) == tuple(mm)
        print(f"{tv_name:16} widths {list(bp.widths)}  {mm_name:14} widths {mm[0]}  {'same' if same else 'DIFFERENT'}")


def committed(out):
    B = tv_resnet.Bottleneck
    torch.manual_seed(1)
    backbone_case(out, "resnet50_narrow", NarrowResNet(B, [3, 4, 6, 3], base=4), resnet_features, (1, 3, 48, 64),
                  {"type": "ResNet", "depth": 50, "base_channels": 4}, seed=1)
    torch.manual_seed(2)
    backbone_case(out, "resnet18_narrow", NarrowResNet(tv_resnet.BasicBlock, [2, 2, 2, 2], base=4), resnet_features, (1, 3, 40, 56),
                  {"type": "ResNet", "depth": 18, "base_channels": 4}, seed=2)
    # torchvision's ResNeXt width is int(planes * width_per_group / 64) * groups; MMDetection's is
    # floor(planes * base_width / base_channels) * groups. With base 4: width_per_group 16 <-> base_width 1.
    torch.manual_seed(3)
    backbone_case(out, "resnext50_narrow", NarrowResNet(B, [3, 4, 6, 3], base=4, groups=4, width_per_group=16), resnet_features, (1, 3, 48, 64),
                  {"type": "ResNeXt", "depth": 50, "base_channels": 4, "groups": 4, "base_width": 1}, seed=3)
    regnet_case(out, "regnet_narrow", dict(depth=10, w_0=8, w_a=6.0, w_m=2.0, group_width=4), stem_width=8,
                input_shape=(1, 3, 48, 64), seed=4, pycls_name="pycls_regnet_narrow")

    chans, sizes = [8, 16, 32, 64], [(16, 20), (8, 10), (4, 5), (2, 3)]
    fpn_case(out, "fpn_maxpool", chans, 16, LastLevelMaxPool(),
             {"num_outs": 5, "add_extra_convs": False}, sizes, seed=5)
    fpn_case(out, "fpn_gn", chans, 16, LastLevelMaxPool(),
             {"num_outs": 5, "add_extra_convs": False, "norm_cfg": {"type": "GN", "num_groups": 4}}, sizes, seed=6,
             norm_layer=lambda c: nn.GroupNorm(4, c))
    # LastLevelP6P7 uses P5 (the output) when in == out channels, else C5 (the input); ReLU before P7.
    fpn_case(out, "fpn_p6p7_on_input", chans, 16, LastLevelP6P7(64, 16),
             {"num_outs": 5, "add_extra_convs": "on_input", "relu_before_extra_convs": True}, sizes, seed=7, start_level=1)
    fpn_case(out, "fpn_p6p7_on_output", chans, 16, LastLevelP6P7(16, 16),
             {"num_outs": 6, "add_extra_convs": "on_output", "relu_before_extra_convs": True}, sizes, seed=8)
    architectures(out)


def full(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(11)
    backbone_case(out, "resnet50", torchvision.models.resnet50(), resnet_features, (1, 3, 480, 640),
                  {"type": "ResNet", "depth": 50, "base_channels": 64}, seed=11)
    torch.manual_seed(12)
    backbone_case(out, "resnext50_32x4d", torchvision.models.resnext50_32x4d(), resnet_features, (1, 3, 480, 640),
                  {"type": "ResNeXt", "depth": 50, "base_channels": 64, "groups": 32, "base_width": 4}, seed=12)
    # regnet_x_800mf, not 400mf: torchvision's regnet_x_400mf is not MMDetection's regnetx_400mf (see
    # compare_regnet_archs), while 800mf expands identically in both.
    regnet_case(out, "regnet_x_800mf", dict(depth=16, w_0=56, w_a=35.73, w_m=2.28, group_width=16), stem_width=32,
                input_shape=(1, 3, 480, 640), seed=13, arch_name="regnetx_800mf", pycls_name="pycls_regnetx_800mf")
    compare_regnet_archs()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--full", metavar="DIR", help="write the full-size models into DIR instead")
    args = p.parse_args()
    torch.set_num_threads(2)
    if args.full:
        full(args.full)
    else:
        os.makedirs(DEFAULT_OUT, exist_ok=True)
        committed(DEFAULT_OUT)


if __name__ == "__main__":
    sys.exit(main())
