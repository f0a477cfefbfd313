"""Cross-checks exported ONNX graphs with another ONNX stack than the one the tests use.

For every DIR/NAME.onnx with DIR/NAME.input.npy (the graph's input) and DIR/NAME.<output>.npy (TorchSharp's value of each
graph output for that input, written by `dotnet run -c Release --project tests/Detect.Benchmarks -- onnx-dump DIR`):
  1. onnx.checker.check_model(full_check=True) with whatever onnx is installed (Debian's 1.12 here; a newer one on the
     machine this is carried to, which knows opset 18);
  2. every ONNX Runtime execution provider available to the installed onnxruntime runs the graph on the input;
  3. prints, per graph and provider, the largest absolute difference of each output from TorchSharp's.
Exit status 1 when a check fails or an output differs by more than --atol (1e-4 by default, the issue's bound).

Run: python3 tests/golden/onnx/cross_check.py DIR [--atol 1e-4]
"""
import argparse
import glob
import os
import sys

import numpy as np
import onnx


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--atol", type=float, default=1e-4)
    args = parser.parse_args()
    print(f"onnx {onnx.__version__} (opsets up to {onnx.defs.onnx_opset_version()})")
    try:
        import onnxruntime as ort
        providers = ort.get_available_providers()
        print(f"onnxruntime {ort.__version__}, providers {providers}")
    except ImportError:
        ort, providers = None, []
        print("onnxruntime: not installed; checker only")
    failed = False
    for path in sorted(glob.glob(os.path.join(args.dir, "*.onnx"))):
        name = os.path.basename(path)[:-5]
        model = onnx.load(path)
        opset = max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
        try:
            onnx.checker.check_model(model, full_check=True)
            check = "ok"
        except Exception as e:  # noqa: BLE001 - report any checker failure and go on
            check = f"FAILED: {str(e).splitlines()[0][:200]}"
            failed = True
        print(f"{name}: opset {opset}, {len(model.graph.node)} nodes, checker {check}")
        input_path = os.path.join(args.dir, name + ".input.npy")
        if ort is None or not os.path.exists(input_path):
            continue
        feed = {model.graph.input[0].name: np.load(input_path)}
        outputs = [o.name for o in model.graph.output]
        for provider in providers:
            if provider not in ("CPUExecutionProvider", "CUDAExecutionProvider"):
                continue
            try:
                session = ort.InferenceSession(path, providers=[provider])
                values = session.run(outputs, feed)
            except Exception as e:  # noqa: BLE001
                print(f"  {provider}: FAILED to run: {str(e).splitlines()[0][:200]}")
                failed = True
                continue
            worst = []
            for output, value in zip(outputs, values):
                expected_path = os.path.join(args.dir, f"{name}.{output}.npy")
                if not os.path.exists(expected_path):
                    continue
                expected = np.load(expected_path)
                if expected.shape != value.shape:
                    worst.append((output, float("inf")))
                    continue
                diff = float(np.max(np.abs(expected.astype(np.float64) - value.astype(np.float64)))) if expected.size else 0.0
                worst.append((output, diff))
            top = max((d for _, d in worst), default=0.0)
            failed |= top > args.atol
            print(f"  {provider}: max |ORT - TorchSharp| over {len(worst)} outputs = {top:.3g}"
                  + ("" if top <= args.atol else "  > atol: " + ", ".join(f"{o}={d:.3g}" for o, d in worst if d > args.atol)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
