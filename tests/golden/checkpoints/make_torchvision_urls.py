#!/usr/bin/python3
"""The torchvision:// names Detect resolves, from Debian's python3-torchvision 0.14.

    /usr/bin/python3 tests/golden/checkpoints/make_torchvision_urls.py

Writes runtime/Detect.Runtime/Checkpoints/ModelZoo/torchvision.json: name -> download URL, built the
way MMEngine's get_torchvision_models() builds it (mmengine/runner/checkpoint.py):
  * the legacy names of torchvision's `model_urls` tables (resnet50, resnext50_32x4d, regnet_x_3_2gf,
    inception_v3_google ...), which MMEngine reads from its hub/torchvision_0.12.json;
  * for every weights enum, `<model>.<weights>` and `<model>.default` (resnet50.imagenet1k_v2 ...).
Only the file name at the end of each URL matters to Detect: it is the name torch.hub caches the
download under, in $TORCH_HOME/hub/checkpoints.
"""
import importlib
import json
import os
import pkgutil
import warnings

import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "runtime", "Detect.Runtime", "Checkpoints", "ModelZoo", "torchvision.json"))


def legacy_urls():
    """The `model_urls` tables of torchvision.models' modules (kept for backward compatibility until 0.15)."""
    urls = {}
    for _, name, ispkg in pkgutil.walk_packages(torchvision.models.__path__):
        if ispkg:
            continue
        module = importlib.import_module(f"torchvision.models.{name}")
        table = getattr(module, "model_urls", None)
        if table:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # _ModelURLs warns that it is deprecated on every access
                urls.update({k: table[k] for k in list(table.keys())})
    return urls


def weights_urls():
    """`<model>.<weights>` and `<model>.default`, as MMEngine names torchvision >= 0.13's weights enums."""
    urls = {}
    for model in torchvision.models.list_models(torchvision.models):
        cls = torchvision.models.get_model_weights(model)
        if not hasattr(cls, "DEFAULT"):
            continue
        key = cls.__name__.replace("_Weights", "").lower()
        urls[f"{key}.default"] = cls.DEFAULT.url
        for weights in cls:
            urls[f"{key}.{weights.name.lower()}"] = weights.url
    return urls


def main():
    urls = legacy_urls()
    urls.update(weights_urls())
    table = {"source": f"torchvision {torchvision.__version__}; tests/golden/checkpoints/make_torchvision_urls.py",
             "models": dict(sorted((k, v) for k, v in urls.items() if v))}
    with open(OUT, "w") as f:
        json.dump(table, f, indent=1)
        f.write("\n")
    print(f"{len(table['models'])} names -> {OUT}")


if __name__ == "__main__":
    main()
