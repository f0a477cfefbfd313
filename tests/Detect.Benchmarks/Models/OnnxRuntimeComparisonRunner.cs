using Detect.Models.Zoo;
using System.Diagnostics;
using Detect.Checkpoints;
using Detect.Models.Converters;
using Detect.Models.Detectors;
using Detect.Onnx.Export;
using Detect.Onnx.Runtime;
using Detect.Structures;
using Detect.Visualization;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Models;

/// <summary>
/// <c>-- onnx [--arch retinanet_resnet50_fpn[,fasterrcnn_resnet50_fpn,...]] [--with-postprocess] [--threads 2] [--runs 6]
/// [--dir /tmp/onnx-parity]</c>: torchvision-parity detectors (RetinaNet, FCOS, Faster and Mask R-CNN R50-FPN) exported to ONNX and
/// run in ONNX Runtime beside TorchSharp on the 800×1216 benchmark photo, in one process, one architecture after the
/// other: the largest raw-output difference (graphs with raw outputs), the detections matched (same label, IoU ≥ 0.999,
/// score within 1e-4; Mask R-CNN: and the pasted mask pixels that differ) and the latency per image of each backend (<see cref="DetectionModel.Predict"/>: preprocessing,
/// forward, post-processing — TorchSharp's, or the graph's own with <c>--with-postprocess</c> and for two-stage
/// detectors, whose graphs always carry it), the two timed alternately with the same number of threads.
/// </summary>
/// <remarks>
/// Data: the calibrated random weights of <c>tests/golden/models/make_detector_fixtures.py --full DIR --archs ARCH...</c> and
/// <c>--bench-image DIR/bench_800x1216.png</c>. A console runner: the export and two sessions do not fit BenchmarkDotNet's
/// per-benchmark setup, and the comparison needs both backends side by side.
/// </remarks>
public static class OnnxRuntimeComparisonRunner
{
    /// <summary>Runs the measurement.</summary>
    public static void Run(string[] args)
    {
        int threads = Option(args, "--threads", 2), runs = Option(args, "--runs", 6);
        if (runs < 0) throw new ArgumentException($"--runs {runs}: the number of timed runs after the warm-up, 0 or more.");
        string dir = Text(args, "--dir") ?? "/tmp/onnx-parity";
        bool withPostprocess = args.Contains("--with-postprocess");
        var summary = new List<string>();
        foreach (var arch in (Text(args, "--arch") ?? "retinanet_resnet50_fpn").Split(','))
            summary.Add(RunArch(arch, dir, threads, runs, withPostprocess));
        Console.WriteLine($"// side by side, {threads} threads each, CPU: {CpuModel()}");
        foreach (var line in summary) Console.WriteLine(line);
    }

    static Detector Build(string arch) => arch switch
    {
        "retinanet_resnet50_fpn" => (Detector)new TorchvisionRetinaNetR50Fpn().BuildModel(),
        "fcos_resnet50_fpn" => (Detector)new TorchvisionFcosR50Fpn().BuildModel(),
        "fasterrcnn_resnet50_fpn" => (Detector)new TorchvisionFasterRcnnR50Fpn().BuildModel(),
        "maskrcnn_resnet50_fpn" => (Detector)new TorchvisionMaskRcnnR50Fpn().BuildModel(),
        _ => throw new ArgumentException($"--arch {arch}: one of retinanet_resnet50_fpn, fcos_resnet50_fpn, fasterrcnn_resnet50_fpn, maskrcnn_resnet50_fpn."),
    };

    static string RunArch(string arch, string dir, int threads, int runs, bool withPostprocess)
    {
        string weights = Path.Combine(dir, arch + ".pth"), image = Path.Combine(dir, "bench_800x1216.png");
        if (!File.Exists(weights) || !File.Exists(image))
            throw new FileNotFoundException($"Benchmark data not found in {dir}: see the remarks of {nameof(OnnxRuntimeComparisonRunner)}.");
        set_num_threads(threads);
        using var model = Build(arch);
        CheckpointLoader.LoadStateDict(model, new TorchvisionConverter().Convert(CheckpointLoader.Read(weights), arch).StateDict, strict: true);
        model.eval();
        using var batch = Batch(image);
        long[] shape;
        using (var data = model.DataPreprocessor.Forward(batch, CPU, training: false).Inputs) shape = data.shape;
        bool postprocessed = withPostprocess || model is TwoStageDetector;
        var onnxPath = Path.Combine(Path.GetTempPath(), $"{arch}-{Environment.ProcessId}.onnx");
        var watch = Stopwatch.StartNew();
        OnnxExporter.Save(model, new OnnxExportOptions((int)shape[2], (int)shape[3], WithPostprocess: postprocessed), onnxPath);
        string kind = postprocessed ? "post-processing in the graph" : "raw outputs";
        Console.WriteLine($"// {arch}: exported {string.Join("x", shape)} ({kind}) in {watch.Elapsed.TotalSeconds:F1} s ({new FileInfo(onnxPath).Length / 1048576.0:F0} MiB); " +
                          $"{threads} threads each (torch.set_num_threads, ONNX Runtime intra-op); CPU: {CpuModel()}");
        try
        {
            using IDisposable backend = postprocessed ? new OnnxRuntimeDetectionForward(onnxPath, threads) : new OnnxRuntimeDenseForward(onnxPath, threads);
            if (backend is OnnxRuntimeDenseForward dense) CompareRawOutputs((SingleStageDetector)model, dense, batch);
            var torchTimes = new List<double>();
            var ortTimes = new List<double>();
            double matched = 0;
            string counts = "";
            for (int run = 0; run <= runs; run++)
            {
                var (reference, t1) = Timed(model, batch, null);
                var (onnx, t2) = Timed(model, batch, backend);
                if (run == 0)
                {
                    matched = DetectionAgreement.MatchedFraction(reference, onnx);
                    counts = $"TorchSharp {reference.Bboxes.shape[0]}, ONNX Runtime {onnx.Bboxes.shape[0]}, matched {matched:P2}";
                    if (reference.Masks is not null && onnx.Masks is not null) counts += "; " + MaskDifference(reference, onnx);
                    Console.WriteLine($"detections: {counts}");
                    if (matched < 1) Unmatched(reference, onnx);
                }
                else (torchTimes, ortTimes) = ([.. torchTimes, t1], [.. ortTimes, t2]);
                reference.Dispose();
                onnx.Dispose();
            }
            if (runs == 0)
            {
                Console.WriteLine("no timed runs (--runs 0): the agreement above only");
                return $"{arch} ({kind}): not timed; detections {counts}";
            }
            Console.WriteLine($"TorchSharp   per image: median {Median(torchTimes):F0} ms, min {torchTimes.Min():F0} ms ({runs} runs after a warm-up)");
            Console.WriteLine($"ONNX Runtime per image: median {Median(ortTimes):F0} ms, min {ortTimes.Min():F0} ms");
            return $"{arch} ({kind}): TorchSharp median {Median(torchTimes):F0} ms/image, ONNX Runtime median {Median(ortTimes):F0} ms/image; detections {counts}";
        }
        finally
        {
            Detach(model);
            File.Delete(onnxPath);
        }
    }

    static void CompareRawOutputs(SingleStageDetector model, OnnxRuntimeDenseForward ort, DetBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var inputs = model.DataPreprocessor.Forward(batch, CPU, training: false).Inputs;
        var expected = model.ForwardDense(inputs);
        var actual = ort.Forward(inputs);
        Tensor[] e = [.. expected.ClsScores, .. expected.BboxPreds, .. expected.ScoreFactors ?? []];
        Tensor[] a = [.. actual.ClsScores, .. actual.BboxPreds, .. actual.ScoreFactors ?? []];
        var diffs = e.Zip(a, (x, y) => (double)(x - y).abs().max().item<float>()).ToList();
        var names = OnnxExporter.OutputNames(expected.ClsScores.Length, expected.ScoreFactors is not null);
        Console.WriteLine("raw outputs, max |ONNX Runtime − TorchSharp|: " + string.Join(", ", names.Zip(diffs, (n, d) => $"{n} {d:E1}")));
        // Relative to the output's largest magnitude: FCOS's box outputs are distances in pixels (up to hundreds at stride 128).
        var relative = e.Zip(diffs, (x, d) => d / Math.Max(x.abs().max().item<float>(), 1e-12)).ToList();
        Console.WriteLine($"largest: {diffs.Max():E2} absolute, {relative.Max():E2} relative to its output's largest magnitude");
    }

    static (InstanceData Result, double Ms) Timed(Detector model, DetBatch batch, IDisposable? backend)
    {
        if (backend is OnnxRuntimeDenseForward dense) ((SingleStageDetector)model).DenseBackend = dense;
        if (backend is OnnxRuntimeDetectionForward detections) model.DetectionBackend = detections;
        var watch = Stopwatch.StartNew();
        var result = model.Predict(batch)[0].PredInstances!;
        double ms = watch.Elapsed.TotalMilliseconds;
        Detach(model); // the runner owns the session; the detector must not dispose it
        return (result, ms);
    }

    // Each unmatched TorchSharp detection beside its closest same-label ONNX Runtime one: how far it missed.
    static void Unmatched(InstanceData reference, InstanceData other)
    {
        using var scope = NewDisposeScope();
        if (other.Bboxes.shape[0] == 0) return;
        var iou = Detect.Ops.BoxIou.Pairwise(reference.Bboxes, other.Bboxes);
        var sameLabel = reference.Labels.unsqueeze(1).eq(other.Labels.unsqueeze(0));
        var (best, at) = iou.mul(sameLabel.to(iou.dtype)).max(1);
        for (long i = 0; i < reference.Bboxes.shape[0]; i++)
        {
            var one = reference.Index(tensor(new[] { i }));
            long j = at[i].item<long>();
            if (DetectionAgreement.MatchedFraction(one, other) == 1) continue;
            Console.WriteLine($"  unmatched TorchSharp #{i} (label {reference.Labels[i].item<long>()}, score {reference.Scores![i].item<float>():F5}): " +
                $"best same-label ONNX Runtime #{j} IoU {best[i].item<float>():F5}, score {other.Scores![j].item<float>():F5}");
        }
    }

    // Pasted mask pixels that differ from those of the matching detection (same label, highest IoU; tied scores may swap).
    static string MaskDifference(InstanceData reference, InstanceData other)
    {
        using var scope = NewDisposeScope();
        var iou = Detect.Ops.BoxIou.Pairwise(reference.Bboxes, other.Bboxes);
        var sameLabel = reference.Labels.unsqueeze(1).eq(other.Labels.unsqueeze(0));
        var partner = iou.add(1).mul(sameLabel.to(iou.dtype)).argmax(1);
        long differing = reference.Masks!.ne(other.Masks!.index_select(0, partner)).sum().item<long>();
        return $"masks: {differing} of {reference.Masks.sum().item<long>()} foreground pixels differ";
    }

    static void Detach(Detector model)
    {
        model.DetectionBackend = null;
        if (model is SingleStageDetector single) single.DenseBackend = null;
    }

    static DetBatch Batch(string path)
    {
        var image = ImageFiles.ReadBgr(path);
        var shape = ((int)image.shape[1], (int)image.shape[2]);
        return new DetBatch([image], [new DetDataSample(new ImageMeta(0, path, shape, shape, shape, (1.0, 1.0)))]);
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    static string CpuModel() => File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown";

    static int Option(string[] args, string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);

    static string? Text(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
