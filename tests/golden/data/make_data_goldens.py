#!/usr/bin/python3
"""Golden fixtures for Detect.Data, from MMEngine's and MMDetection's own code on Debian's python3-torch.

    git -C /work/.mirror/open-mmlab+mmengine/repo show HEAD:mmengine/dataset/sampler.py > /tmp/ref/mmengine_sampler.py
    git -C /work/.mirror/open-mmlab+mmengine/repo show HEAD:mmengine/model/utils.py > /tmp/ref/mmengine_model_utils.py
    # mmdet/datasets/samplers/batch_sampler.py from open-mmlab/mmdetection, saved as /tmp/ref/mmdet_batch_sampler.py
    /usr/bin/python3 tests/golden/data/make_data_goldens.py --ref /tmp/ref

Writes tests/Detect.Runtime.Tests/Data/Fixtures/data.json: DefaultSampler orders (torch.randperm with
seed + epoch), InfiniteSampler streams, AspectRatioBatchSampler batches, and stack_batch outputs.
The reference modules run with their registry and distributed imports stubbed (one process).
"""
import argparse
import ast
import importlib.util
import json
import os
import sys
import types
from typing import List, Union

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'Detect.Runtime.Tests', 'Data', 'Fixtures', 'data.json')


class _Registry:
    def register_module(self, *args, **kwargs):
        return lambda cls: cls


def stub(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stack_batch_from(path):
    source = open(path).read()
    fn = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == 'stack_batch')
    scope = {'torch': torch, 'F': F, 'List': List, 'Union': Union}
    exec(compile(ast.Module([fn], []), path, 'exec'), scope)
    return scope['stack_batch']


class Dataset:
    def __init__(self, sizes):
        self.sizes = sizes

    def __len__(self):
        return len(self.sizes)

    def get_data_info(self, idx):
        return {'width': self.sizes[idx][0], 'height': self.sizes[idx][1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--ref', required=True)
    args = parser.parse_args()
    stub('mmengine')
    stub('mmengine.dist', get_dist_info=lambda: (0, 1), sync_random_seed=lambda: 0)
    stub('mmengine.registry', DATA_SAMPLERS=_Registry())
    stub('mmdet')
    stub('mmdet.registry', DATA_SAMPLERS=_Registry())
    samplers = load(os.path.join(args.ref, 'mmengine_sampler.py'), 'mmengine_sampler')
    batch_sampler = load(os.path.join(args.ref, 'mmdet_batch_sampler.py'), 'mmdet_batch_sampler')
    stack_batch = stack_batch_from(os.path.join(args.ref, 'mmengine_model_utils.py'))

    default = []
    for n, seed, epoch, shuffle in [(10, 0, 0, True), (10, 0, 1, True), (7, 42, 3, True), (25, 2024, 0, True), (6, 1, 0, False)]:
        sampler = samplers.DefaultSampler(Dataset([(1, 1)] * n), shuffle=shuffle, seed=seed)
        sampler.set_epoch(epoch)
        default.append({'n': n, 'seed': seed, 'epoch': epoch, 'shuffle': shuffle, 'indices': list(sampler)})

    infinite = []
    for n, seed, shuffle in [(5, 1, True), (4, 9, False)]:
        it = iter(samplers.InfiniteSampler(Dataset([(1, 1)] * n), shuffle=shuffle, seed=seed))
        infinite.append({'n': n, 'seed': seed, 'shuffle': shuffle, 'indices': [next(it) for _ in range(3 * n)]})

    sizes = [(640, 480), (480, 640), (500, 500), (300, 600), (800, 600), (600, 601), (1000, 10), (10, 1000), (33, 32)]
    aspect = []
    for batch_size, drop_last, seed in [(2, False, 3), (3, False, 5), (2, True, 3), (4, True, 0)]:
        base = samplers.DefaultSampler(Dataset(sizes), shuffle=True, seed=seed)
        batches = list(batch_sampler.AspectRatioBatchSampler(base, batch_size, drop_last))
        aspect.append({'batch_size': batch_size, 'drop_last': drop_last, 'seed': seed, 'batches': batches})

    g = torch.Generator().manual_seed(0)
    shapes = [(3, 5, 7), (3, 9, 4), (3, 6, 6)]
    tensors = [torch.randint(0, 255, s, generator=g).float() for s in shapes]
    stacks = []
    for divisor, pad_value in [(1, 0), (4, 0), (8, -1.5)]:
        out = stack_batch(list(tensors), divisor, pad_value)
        stacks.append({'divisor': divisor, 'pad_value': pad_value, 'shape': list(out.shape), 'values': out.flatten().tolist()})

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'default_sampler': default, 'infinite_sampler': infinite, 'aspect_sizes': sizes,
                   'aspect_ratio_batches': aspect,
                   'stack_inputs': [{'shape': list(t.shape), 'values': t.flatten().tolist()} for t in tensors],
                   'stack_batch': stacks}, f)
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
