using System.Diagnostics;
using Detect.Config;
using Detect.Structures;
using TorchSharp;

namespace Detect.Inference;

/// <summary>
/// MMDetection's <c>tools/analysis_tools/benchmark.py</c> (inference FPS): one image per iteration; only the model's
/// <see cref="DetectionModel.Predict"/> — data preprocessing (normalize, pad), forward and post-processing — is timed,
/// not reading and transforming the images; the first <c>num_warmup</c> iterations are not counted.
/// FPS = (iterations − warm-up) / timed seconds, logged every <c>log_interval</c> iterations and at <c>max_iter</c>.
/// </summary>
/// <param name="maxIter"><c>--max-iter</c>: iterations in all (warm-up included).</param>
/// <param name="logInterval"><c>--log-interval</c>.</param>
/// <param name="numWarmup"><c>--num-warmup</c>: iterations run but not timed.</param>
public sealed class InferenceBenchmark(int maxIter = 200, int logInterval = 50, int numWarmup = 5)
{
    /// <summary>Iterations in all.</summary>
    public int MaxIter { get; } = maxIter > numWarmup && numWarmup >= 0
        ? maxIter
        : throw new ArgumentException($"max_iter ({maxIter}) must exceed num_warmup ({numWarmup}), which must not be negative: no iteration would be timed.");

    /// <summary>Logging interval in iterations.</summary>
    public int LogInterval { get; } = logInterval > 0 ? logInterval : throw new ArgumentException($"log_interval must be positive, got {logInterval}.");

    /// <summary>Untimed warm-up iterations.</summary>
    public int NumWarmup { get; } = numWarmup;

    /// <summary>
    /// Runs <see cref="MaxIter"/> iterations of <paramref name="model"/> (put in evaluation mode) on the batches
    /// <paramref name="batchAt"/> makes for iteration i (outside the timed region; the caller may cycle a few images),
    /// prints MMDetection's lines through <paramref name="log"/> and returns the overall FPS.
    /// </summary>
    public double Run(DetectionModel model, Func<int, DetBatch> batchAt, Action<string> log)
    {
        model.eval();
        var device = model.parameters().FirstOrDefault()?.device;
        double pureInfTime = 0, fps = 0;
        for (int i = 0; i < MaxIter; i++)
        {
            using var batch = batchAt(i);
            Synchronize(device);
            var watch = Stopwatch.StartNew();
            var samples = model.Predict(batch);
            Synchronize(device);
            double elapsed = watch.Elapsed.TotalSeconds;
            foreach (var sample in samples) sample.PredInstances?.Dispose();

            if (i >= NumWarmup)
            {
                pureInfTime += elapsed;
                if ((i + 1) % LogInterval == 0)
                {
                    fps = (i + 1 - NumWarmup) / pureInfTime;
                    log($"Done image [{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),-3}/ {MaxIter}], fps: {PythonFloat.Fixed(fps, 1)} img / s, " +
                        $"times per image: {PythonFloat.Fixed(1000 / fps, 1)} ms / img");
                }
            }
        }
        fps = (MaxIter - NumWarmup) / pureInfTime;
        log($"Overall fps: {PythonFloat.Fixed(fps, 1)} img / s, times per image: {PythonFloat.Fixed(1000 / fps, 1)} ms / img");
        return fps;
    }

    static void Synchronize(torch.Device? device)
    {
        if (device is { type: DeviceType.CUDA }) torch.cuda.synchronize(device);
    }
}
