"""Golden shards of MMEngine's DefaultSampler (round_up=True) for tests/Detect.Distributed.Tests.

The lines of DefaultSampler.__iter__ (mmengine/dataset/sampler.py), run with Debian's PyTorch:
    /usr/bin/python3 make_shards.py > shards.json
"""
import json
import math

import torch


def shard(n, world_size, rank, shuffle, seed, epoch):
    num_samples = math.ceil(n / world_size)
    total_size = num_samples * world_size
    if shuffle:
        g = torch.Generator()
        g.manual_seed(seed + epoch)
        indices = torch.randperm(n, generator=g).tolist()
    else:
        indices = torch.arange(n).tolist()
    indices = (indices * int(total_size / len(indices) + 1))[:total_size]
    return indices[rank:total_size:world_size]


cases = []
for n, world_size, shuffle, seed, epoch in [(10, 3, False, 0, 0), (5, 2, False, 0, 0), (2, 4, False, 0, 0),
                                            (16, 2, True, 3, 0), (11, 4, True, 0, 2), (7, 8, True, 5, 1)]:
    cases.append({"n": n, "world_size": world_size, "shuffle": shuffle, "seed": seed, "epoch": epoch,
                  "shards": [shard(n, world_size, r, shuffle, seed, epoch) for r in range(world_size)]})
print(json.dumps(cases))
