using BenchmarkDotNet.Attributes;
using Detect.Ops;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Ops;

/// <summary>
/// Detect.Ops on the issue's workloads, against torchvision's C++ kernels timed by
/// <c>reference/ops_torchvision.py</c> with the same thread counts.
/// Run: <c>dotnet run -c Release --project tests/Detect.Benchmarks -- --filter '*OpsBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser(false), MinColumn, MedianColumn]
public class OpsBenchmarks
{
    Tensor boxes5k = null!, scores5k = null!, boxes3k = null!, scores3k = null!, labels3k = null!;
    Tensor[] features = null!, rois = null!;

    /// <summary>torch.set_num_threads: the managed kernels use as many workers.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        set_num_threads(Threads);
        (boxes5k, scores5k, _) = OpsWorkloads.Detections(5000, 80, seed: 1);
        (boxes3k, scores3k, labels3k) = OpsWorkloads.Detections(3000, 80, seed: 2);
        features = OpsWorkloads.FpnFeatures();
        rois = OpsWorkloads.RoIsPerLevel(1000, seed: 3);
        Console.WriteLine($"// kept {Nms.Apply(boxes5k, scores5k, 0.5).shape[0]} of 5000, " +
                          $"{Nms.Batched(boxes3k, scores3k, labels3k, 0.5).shape[0]} of 3000; " +
                          $"RoIs per level [{string.Join(", ", rois.Select(r => r.shape[0]))}]");
    }

    [Benchmark(Description = "NMS 5000 boxes")]
    public long Nms5000() => Run(() => Nms.Apply(boxes5k, scores5k, 0.5));

    [Benchmark(Description = "batched NMS 3000 boxes / 80 classes")]
    public long BatchedNms3000() => Run(() => Nms.Batched(boxes3k, scores3k, labels3k, 0.5));

    [Benchmark(Description = "RoIAlign 1000 RoIs FPN sampling 0")]
    public long RoIAlignAdaptive() => Pool(0);

    [Benchmark(Description = "RoIAlign 1000 RoIs FPN sampling 2")]
    public long RoIAlignSampling2() => Pool(2);

    long Pool(int samplingRatio)
    {
        // BenchmarkDotNet raises the benchmark thread to the highest priority; the kernel's other worker
        // is a thread-pool thread at normal priority, which then loses the CPU to every other process on
        // a shared machine. Both workers run at the same priority, as in an application.
        Thread.CurrentThread.Priority = ThreadPriority.Normal;
        using var scope = NewDisposeScope();
        long total = 0;
        for (int level = 0; level < features.Length; level++)
            total += RoIAlign.Apply(features[level], rois[level], 7, 7, 1.0 / OpsWorkloads.Strides[level], samplingRatio, aligned: true).shape[0];
        return total;
    }

    static long Run(Func<Tensor> op)
    {
        using var scope = NewDisposeScope();
        return op().shape[0];
    }
}
