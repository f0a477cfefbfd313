#!/usr/bin/python3
"""Golden fixtures for Detect.Engine, from torch 1.13's optimizers and MMEngine's / MMDetection's own code.

    mkdir -p /tmp/ref
    for f in optim/scheduler/param_scheduler.py optim/scheduler/lr_scheduler.py \
             optim/optimizer/default_constructor.py model/averaged_model.py; do
      git -C /work/.mirror/open-mmlab+mmengine/repo show HEAD:mmengine/$f > /tmp/ref/mmengine_$(basename $f)
    done
    # mmdet/models/layers/ema.py from open-mmlab/mmdetection, saved as /tmp/ref/mmdet_ema.py
    /usr/bin/python3 tests/golden/engine/make_engine_goldens.py --ref /tmp/ref

Writes tests/golden/engine/engine.json:
- optimizers: torch.optim.SGD / AdamW steps on three parameters in two groups, from given gradients
  (with an lr change half way, as a scheduler would make);
- clip: torch.nn.utils.clip_grad_norm_ (2-norm and max-norm);
- schedules: the lr of every iteration under MMEngine's parameter schedulers (begin/end, by_epoch,
  convert_to_iter_based through build_iter_from_epoch), stepped as ParamSchedulerHook steps them;
- paramwise: MMEngine's DefaultOptimWrapperConstructor.add_params (lr and weight decay per parameter);
- ema: MMDetection's ExpMomentumEMA and MMEngine's ExponentialMovingAverage over a few updates.
The reference modules run with their registry and logging imports stubbed.
"""
import argparse
import importlib.util
import json
import math
import os
import sys
import types

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), 'engine.json')


class _Registry:
    def register_module(self, *args, **kwargs):
        return lambda cls: cls


def stub(name, **attrs):
    module = types.ModuleType(name)
    module.__path__ = []
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def params0():
    g = torch.Generator().manual_seed(7)
    return [torch.randn(3, 2, generator=g), torch.randn(2, generator=g), torch.randn(2, generator=g)]


def grads(step):
    g = torch.Generator().manual_seed(100 + step)
    return [torch.randn(3, 2, generator=g), torch.randn(2, generator=g), torch.randn(2, generator=g)]


def optimizer_case(name, make, steps=6):
    ps = [nn.Parameter(p.clone()) for p in params0()]
    opt = make([{'params': ps[:2], 'lr': 0.1, 'weight_decay': 1e-2}, {'params': ps[2:], 'lr': 0.05, 'weight_decay': 0.0}])
    after = []
    for step in range(steps):
        if step == 3:
            for group in opt.param_groups:
                group['lr'] *= 0.5
        for p, gr in zip(ps, grads(step)):
            p.grad = gr.clone()
        opt.step()
        after.append([flat(p) for p in ps])
    return {'name': name, 'after': after}


def clip_case(max_norm, norm_type):
    ps = [nn.Parameter(torch.zeros_like(p)) for p in params0()]
    for p, gr in zip(ps, grads(0)):
        p.grad = gr.clone() * 3
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
    return {'max_norm': max_norm, 'norm_type': 'inf' if norm_type == math.inf else norm_type,
            'total': float(total), 'grads': [flat(p.grad) for p in ps]}


def schedule_case(name, specs, epoch_length, max_epochs, lrs=(0.02, 0.01)):
    lr_module = sys.modules['mmengine.optim.scheduler.lr_scheduler']
    params = [nn.Parameter(torch.zeros(1)) for _ in lrs]
    opt = torch.optim.SGD([{'params': [p], 'lr': lr} for p, lr in zip(params, lrs)], lr=lrs[0], momentum=0.9)
    schedulers = []
    for spec in specs:
        spec = dict(spec)
        cls = getattr(lr_module, spec.pop('type'))
        if spec.pop('convert_to_iter_based', False):
            schedulers.append(cls.build_iter_from_epoch(opt, epoch_length=epoch_length, **spec))
        else:
            schedulers.append(cls(opt, **spec))
    lrs_seen = []
    for epoch in range(max_epochs):
        for _ in range(epoch_length):
            lrs_seen.append([g['lr'] for g in opt.param_groups])
            opt.step()
            for s in schedulers:
                if not s.by_epoch:
                    s.step()
        for s in schedulers:
            if s.by_epoch:
                s.step()
    return {'name': name, 'specs': specs, 'epoch_length': epoch_length, 'max_epochs': max_epochs, 'base_lrs': list(lrs), 'lrs': lrs_seen}


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Conv2d(4, 4, 3, groups=4))
        self.neck = nn.GroupNorm(2, 4)
        self.head = nn.Linear(4, 2)
        self.head_norm = nn.LayerNorm(2)


def paramwise_case(name, paramwise_cfg, lr=0.01, weight_decay=1e-4):
    constructor = sys.modules['mmengine_default_constructor'].DefaultOptimWrapperConstructor(
        dict(optimizer=dict(type='SGD', lr=lr, weight_decay=weight_decay)), paramwise_cfg)
    model = Tiny()
    names = {id(p): n for n, p in model.named_parameters()}
    groups = []
    constructor.add_params(groups, model)
    return {'name': name, 'cfg': paramwise_cfg, 'lr': lr, 'weight_decay': weight_decay,
            'params': [{'name': names[id(g['params'][0])], 'lr': g.get('lr', lr), 'weight_decay': g.get('weight_decay', weight_decay)} for g in groups]}


def ema_case(name, make, updates=5):
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    initial = {k: flat(v) for k, v in model.state_dict().items() if v.dtype.is_floating_point}
    ema = make(model)
    seen = []
    g = torch.Generator().manual_seed(11)
    for _ in range(updates):
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.randn(p.shape, generator=g))
            model[1].running_mean.add_(torch.randn(2, generator=g))
        ema.update_parameters(model)
        seen.append({'model': {k: flat(v) for k, v in model.state_dict().items() if v.dtype.is_floating_point},
                     'ema': {k[len('module.'):]: flat(v) for k, v in ema.state_dict().items() if k.startswith('module.') and v.dtype.is_floating_point}})
    return {'name': name, 'initial': initial, 'updates': seen}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--ref', required=True)
    args = parser.parse_args()
    registry = _Registry()
    stub('mmengine')
    stub('mmengine.logging', print_log=lambda *a, **k: None)
    stub('mmengine.registry', PARAM_SCHEDULERS=registry, MODELS=registry, OPTIM_WRAPPER_CONSTRUCTORS=registry,
         OPTIM_WRAPPERS=registry, OPTIMIZERS=registry)
    stub('mmengine.optim', BaseOptimWrapper=type('BaseOptimWrapper', (), {}))
    stub('mmengine.optim.scheduler')
    stub('mmengine.utils', is_list_of=lambda seq, t: isinstance(seq, list) and all(isinstance(x, t) for x in seq))
    stub('mmengine.utils.dl_utils', mmcv_full_available=lambda: False)
    from torch.nn.modules.batchnorm import _BatchNorm
    from torch.nn.modules.instancenorm import _InstanceNorm
    stub('mmengine.utils.dl_utils.parrots_wrapper', _BatchNorm=_BatchNorm, _InstanceNorm=_InstanceNorm)
    stub('mmengine.optim.optimizer')
    stub('mmengine.optim.optimizer.optimizer_wrapper', OptimWrapper=object)
    load(os.path.join(args.ref, 'mmengine_param_scheduler.py'), 'mmengine.optim.scheduler.param_scheduler')
    load(os.path.join(args.ref, 'mmengine_lr_scheduler.py'), 'mmengine.optim.scheduler.lr_scheduler')
    load(os.path.join(args.ref, 'mmengine_default_constructor.py'), 'mmengine.optim.optimizer.mmengine_default_constructor')
    sys.modules['mmengine_default_constructor'] = sys.modules['mmengine.optim.optimizer.mmengine_default_constructor']
    averaged = load(os.path.join(args.ref, 'mmengine_averaged_model.py'), 'mmengine.model.averaged_model')
    stub('mmengine.model', ExponentialMovingAverage=averaged.ExponentialMovingAverage)
    stub('mmdet')
    stub('mmdet.registry', MODELS=registry)
    mmdet_ema = load(os.path.join(args.ref, 'mmdet_ema.py'), 'mmdet_ema')

    optimizers = [
        optimizer_case('sgd_momentum', lambda g: torch.optim.SGD(g, lr=0.1, momentum=0.9)),
        optimizer_case('sgd_nesterov', lambda g: torch.optim.SGD(g, lr=0.1, momentum=0.9, nesterov=True)),
        optimizer_case('sgd_dampening', lambda g: torch.optim.SGD(g, lr=0.1, momentum=0.8, dampening=0.25)),
        optimizer_case('sgd_plain', lambda g: torch.optim.SGD(g, lr=0.1)),
        optimizer_case('adamw', lambda g: torch.optim.AdamW(g, lr=0.1, betas=(0.9, 0.999), eps=1e-8)),
        optimizer_case('adamw_betas', lambda g: torch.optim.AdamW(g, lr=0.1, betas=(0.5, 0.9), eps=1e-6)),
    ]
    clip = [clip_case(1.0, 2.0), clip_case(0.5, math.inf), clip_case(100.0, 2.0), clip_case(2.0, 1.0)]
    schedules = [
        # MMDetection's 1x schedule shape: linear warmup by iterations, then step decay by epochs.
        schedule_case('warmup_multistep', [
            dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=7),
            dict(type='MultiStepLR', begin=0, end=6, by_epoch=True, milestones=[3, 5], gamma=0.1)], epoch_length=4, max_epochs=6),
        schedule_case('constant_warmup', [
            dict(type='ConstantLR', factor=0.25, by_epoch=False, begin=0, end=5)], epoch_length=3, max_epochs=3),
        schedule_case('cosine_by_iter_window', [
            dict(type='CosineAnnealingLR', T_max=6, eta_min=0.001, by_epoch=False, begin=2, end=12)], epoch_length=5, max_epochs=3),
        schedule_case('cosine_converted', [
            dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=4),
            dict(type='CosineAnnealingLR', eta_min=0.0005, by_epoch=True, begin=1, end=4, convert_to_iter_based=True)],
            epoch_length=3, max_epochs=4),
        schedule_case('poly', [dict(type='PolyLR', power=0.9, eta_min=1e-4, by_epoch=False, begin=0, end=10)], epoch_length=4, max_epochs=3),
        schedule_case('poly_by_epoch', [dict(type='PolyLR', power=2.0, by_epoch=True, begin=1, end=5)], epoch_length=2, max_epochs=5),
        schedule_case('multistep_converted', [
            dict(type='MultiStepLR', milestones=[1, 2], gamma=0.5, by_epoch=True, begin=1, convert_to_iter_based=True)],
            epoch_length=3, max_epochs=4),
        schedule_case('linear_end_factor', [dict(type='LinearLR', start_factor=0.5, end_factor=0.2, by_epoch=True, begin=1, end=4)],
            epoch_length=2, max_epochs=5),
    ]
    paramwise = [
        paramwise_case('none_set', {}),
        paramwise_case('mmdet_no_decay', dict(norm_decay_mult=0.0, bias_decay_mult=0.0)),
        paramwise_case('bias_lr', dict(bias_lr_mult=2.0, bias_decay_mult=0.5, norm_decay_mult=0.0)),
        paramwise_case('custom_keys', dict(custom_keys={'backbone': dict(lr_mult=0.1), 'backbone.0': dict(lr_mult=0.5, decay_mult=0.0),
                                                        'head': dict(decay_mult=2.0)}, norm_decay_mult=0.0)),
    ]
    ema = [
        ema_case('exp_momentum', lambda m: mmdet_ema.ExpMomentumEMA(m, momentum=0.0002, gamma=3)),
        ema_case('exp_momentum_buffers_interval', lambda m: mmdet_ema.ExpMomentumEMA(m, momentum=0.01, gamma=2, interval=2, update_buffers=True)),
        ema_case('exponential', lambda m: averaged.ExponentialMovingAverage(m, momentum=0.1)),
    ]
    golden = {'params0': [flat(p) for p in params0()], 'shapes': [list(p.shape) for p in params0()],
              'grads': [[flat(g) for g in grads(s)] for s in range(6)],
              'optimizers': optimizers, 'clip': clip, 'schedules': schedules, 'paramwise': paramwise, 'ema': ema}
    with open(OUT, 'w') as f:
        json.dump(golden, f, indent=None, separators=(',', ':'))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
