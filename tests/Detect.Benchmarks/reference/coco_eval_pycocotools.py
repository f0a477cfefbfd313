#!/usr/bin/python3
"""Reference timing: pycocotools' bbox evaluation on the benchmark data (make_coco_eval_data.py).

    PYCOCOTOOLS_DIR=/path/to/cocoapi/PythonAPI /usr/bin/time -v /usr/bin/python3 \
        tests/Detect.Benchmarks/reference/coco_eval_pycocotools.py [DATA_DIR] [--repeat N]

pycocotools is built locally from cocodataset/cocoapi (not part of this repository). Prints the
seconds for loading the ground truth, loadRes, evaluate, accumulate and summarize, the total of the
evaluation proper (loadRes .. summarize, what Detect's CocoEvalBenchmarks.Evaluate measures), the
12 stats at full precision, and the peak resident memory of this process.
"""
import argparse
import contextlib
import io
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.environ.get('PYCOCOTOOLS_DIR', '/work/ref/cocoapi/PythonAPI'))
from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('data', nargs='?', default='/tmp/detect-coco-bench')
    parser.add_argument('--repeat', type=int, default=1)
    args = parser.parse_args()
    for run in range(args.repeat):
        t = {}
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            gt = COCO(os.path.join(args.data, 'gt.json'))
        t['load_gt'] = time.perf_counter() - start
        with open(os.path.join(args.data, 'dt.json')) as f:
            results = json.load(f)
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            dt = gt.loadRes(results)
            t['loadRes'] = time.perf_counter() - start
            ev = COCOeval(gt, dt, 'bbox')
            s = time.perf_counter(); ev.evaluate(); t['evaluate'] = time.perf_counter() - s
            s = time.perf_counter(); ev.accumulate(); t['accumulate'] = time.perf_counter() - s
            s = time.perf_counter(); ev.summarize(); t['summarize'] = time.perf_counter() - s
        t['evaluation_total'] = time.perf_counter() - start
        print(f'run {run}: ' + ', '.join(f'{k} {v:.3f} s' for k, v in t.items()))
    print('stats', json.dumps([float(v) for v in ev.stats]))
    print(f'peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB')


if __name__ == '__main__':
    main()
