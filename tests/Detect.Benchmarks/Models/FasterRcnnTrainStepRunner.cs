using Detect.Models.Detectors;
using Detect.Models.Zoo;
using System.Diagnostics;
using Detect.Checkpoints;
using Detect.Models.Converters;
using Detect.Platform;
using Detect.Structures;
using Detect.Visualization;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Models;

/// <summary>
/// <c>-- train-step [--threads 2] [--steps 6] [--dir /tmp/detect-parity]</c>: one training step of Faster R-CNN R-50-FPN with
/// torchvision's settings (frozen BatchNorm, three trainable backbone stages, 2,000 proposals, 256 + 512 sampled anchors and RoIs)
/// on a batch of two 800×1216 images — forward with losses, backward of their sum, an SGD step — the workload
/// <c>reference/fasterrcnn_train_torchvision.py</c> times for torchvision 0.14 with the same weights, images and boxes.
/// </summary>
/// <remarks>
/// A console runner rather than a BenchmarkDotNet class: the step takes tens of seconds and the process must start as a
/// training process (<see cref="TorchUse.Training"/>: oneDNN capped where the host's kernels compute wrong convolution
/// gradients, <see cref="ConvGradientPath"/>), which is what it measures. The data is the inference benchmark's
/// (<see cref="FasterRcnnInferenceBenchmarks"/>). Prints each step and the median of the steps after the first.
/// </remarks>
public static class FasterRcnnTrainStepRunner
{
    /// <summary>Two images: the benchmark photo and its mirror image; boxes (x1, y1, x2, y2) and Detect labels (torchvision's − 1).</summary>
    internal static readonly (float[] Boxes, long[] Labels)[] Targets =
    [
        ([100, 120, 420, 560, 500, 80, 900, 400, 860, 500, 1180, 780], [0, 2, 16]),
        ([40, 300, 300, 700, 640, 200, 1000, 640], [17, 61]),
    ];

    /// <summary>Runs the measurement.</summary>
    public static void Run(string[] args)
    {
        int threads = Option(args, "--threads", 2), steps = Option(args, "--steps", 6);
        string dir = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("DETECT_MODEL_BENCH") ?? "/tmp/detect-parity";
        string weights = Path.Combine(dir, "fasterrcnn_resnet50_fpn.pth"), image = Path.Combine(dir, "bench_800x1216.png");
        if (!File.Exists(weights) || !File.Exists(image))
            throw new FileNotFoundException($"Benchmark data not found in {dir}: see the remarks of {nameof(FasterRcnnInferenceBenchmarks)}.");
        set_num_threads(threads);
        manual_seed(0);
        using var model = (FasterRCNN)new TorchvisionFasterRcnnR50Fpn().BuildModel();
        CheckpointLoader.LoadStateDict(model, new TorchvisionConverter().Convert(CheckpointLoader.Read(weights), "fasterrcnn_resnet50_fpn").StateDict, strict: true);
        model.train();
        using var batch = Batch(image);
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        using var sgd = optim.SGD(parameters, 0.01, momentum: 0.9, weight_decay: 1e-4);
        Console.WriteLine($"// Faster R-CNN R50-FPN training step, batch 2 of 800x1216, {get_num_threads()} threads; " +
                          $"convolution gradients: {ConvGradientPath.Ensure()}");
        var times = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            sgd.zero_grad();
            var losses = model.Loss(batch);
            var total = losses.Where(l => l.Key.Contains("loss")).Select(l => l.Value).Aggregate((a, b) => a.add(b));
            total.backward();
            sgd.step();
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"step {step}: {times[^1]:F2} s, loss {total.item<float>():F4}");
        }
        var sorted = times.Skip(1).Order().ToList();
        Console.WriteLine($"median {sorted[sorted.Count / 2] * 1000:F0} ms, min {sorted[0] * 1000:F0} ms per step (steps after the first)");
    }

    static DetBatch Batch(string path)
    {
        var image = ImageFiles.ReadBgr(path);
        var images = new List<Tensor> { image, image.flip(2).contiguous() };
        var shape = ((int)image.shape[1], (int)image.shape[2]);
        var samples = Targets.Select((t, i) => new DetDataSample(new ImageMeta(i, path, shape, shape, shape, (1.0, 1.0)),
            new InstanceData(tensor(t.Boxes).view(-1, 4), tensor(t.Labels)))).ToList();
        return new DetBatch(images, samples);
    }

    static int Option(string[] args, string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
}
