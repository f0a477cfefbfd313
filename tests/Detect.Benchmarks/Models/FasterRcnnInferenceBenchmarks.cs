using Detect.Models.Zoo;
using BenchmarkDotNet.Attributes;
using Detect.Checkpoints;
using Detect.Inference;
using Detect.Models.Converters;
using Detect.Models.Detectors;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Models;

/// <summary>
/// CPU inference of Faster R-CNN R-50-FPN (torchvision's settings) on an 800×1216 photo, the workload
/// <c>reference/fasterrcnn_torchvision.py</c> times for torchvision with the same weights, image and thread counts.
/// </summary>
/// <remarks>
/// Data (in /tmp/detect-parity, or DETECT_MODEL_BENCH):
/// <c>/usr/bin/python3 tests/golden/models/make_detector_fixtures.py --full /tmp/detect-parity --archs fasterrcnn_resnet50_fpn</c>
/// (the calibrated random weights, so that both sides keep the same proposals and detections) and
/// <c>... make_detector_fixtures.py --bench-image /tmp/detect-parity/bench_800x1216.png</c>.
/// Run: <c>dotnet run -c Release --project tests/Detect.Benchmarks -- --filter '*FasterRcnnInference*'</c>.
/// One operation is <see cref="DetectionModel.Predict"/> of one image: preprocessing (normalization, padding),
/// backbone, FPN, RPN, RoI head and post-processing, as torchvision's <c>model([image])</c>.
/// </remarks>
[MinColumn, MedianColumn, WarmupCount(2), IterationCount(10), InvocationCount(1, 1)]
public class FasterRcnnInferenceBenchmarks
{
    FasterRCNN model = null!;
    DetBatch batch = null!;

    /// <summary>torch.set_num_threads (intra-op threads; the managed kernels use as many workers).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        set_num_threads(Threads);
        string dir = Environment.GetEnvironmentVariable("DETECT_MODEL_BENCH") ?? "/tmp/detect-parity";
        string weights = Path.Combine(dir, "fasterrcnn_resnet50_fpn.pth"), image = Path.Combine(dir, "bench_800x1216.png");
        if (!File.Exists(weights) || !File.Exists(image))
            throw new FileNotFoundException($"Benchmark data not found in {dir}: see the remarks of {nameof(FasterRcnnInferenceBenchmarks)}.");
        model = (FasterRCNN)new TorchvisionFasterRcnnR50Fpn().BuildModel();
        CheckpointLoader.LoadStateDict(model, new TorchvisionConverter().Convert(CheckpointLoader.Read(weights), "fasterrcnn_resnet50_fpn").StateDict, strict: true);
        model.eval();
        batch = InferenceInputs.SingleImage(image);
        Console.WriteLine($"// {Predict()} detections on {image} with {get_num_threads()} threads");
    }

    [Benchmark(Description = "Faster R-CNN R50-FPN, 800x1216, predict")]
    public int Predict()
    {
        // BenchmarkDotNet raises its thread's priority; the other intra-op workers run at normal priority.
        Thread.CurrentThread.Priority = ThreadPriority.Normal;
        var samples = model.Predict(batch);
        int count = samples[0].PredInstances!.Count;
        samples[0].PredInstances!.Dispose();
        return count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        batch.Dispose();
        model.Dispose();
    }
}
