using System.Diagnostics;
using Detect.Engine;
using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.Detectors;
using Detect.Models.Necks;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Scalars;

/// <summary>
/// Training under garbage-collection stress: a small RetinaNet (Detect's BatchNorm2d in its ResNet) trains for 200
/// iterations — loss, backward, gradient clipping, SGD step — and then predicts, while another thread runs
/// <c>GC.Collect(); GC.WaitForPendingFinalizers();</c> without pause. A temporary TorchSharp Scalar left to its
/// finalizer is freed during the call that reads it ("Unknown scalar type", "Expected false to be true" from
/// c10/core/Scalar.h, a wrong number or a corrupted heap); without any, the 200 losses and the predicted scores equal
/// those of the same run without the stress.
/// </summary>
/// <remarks>
/// Torch runs one intra-op thread, which makes the two runs bit-identical and keeps them to seconds. The process trains
/// with oneDNN capped at AVX (the test host is a training process, see ConvGradientPath), so the convolution defect of
/// libtorch 2.10's wider kernels plays no part.
/// </remarks>
[Collection(GcStressCollection.Name)]
public sealed class GcStressTrainingTests(ITestOutputHelper output)
{
    const int Iterations = 200;

    [Fact]
    public void Training_under_continuous_garbage_collection_gives_the_same_losses()
    {
        TorchRuntime.EnsureInitialized();
        int threads = get_num_threads();
        set_num_threads(1);
        try { TrainTwice(); }
        finally { set_num_threads(threads); }
    }

    void TrainTwice()
    {
        Dictionary<string, Tensor> initial;
        using (var first = Build()) initial = first.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        using var batch = SmallBatch();
        try
        {
            var quiet = Stopwatch.StartNew();
            var (expectedLosses, expectedScores) = Train(initial, batch);
            quiet.Stop();

            bool done = false;
            long collections = 0;
            var collector = new Thread(() =>
            {
                while (!Volatile.Read(ref done))
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    collections++;
                }
            });
            var stressed = Stopwatch.StartNew();
            collector.Start();
            (double[] Losses, float[] Scores) underStress;
            try { underStress = Train(initial, batch); }
            finally
            {
                Volatile.Write(ref done, true);
                collector.Join();
            }
            stressed.Stop();
            output.WriteLine($"{Iterations} iterations in {quiet.Elapsed.TotalSeconds:F1} s; under GC stress in {stressed.Elapsed.TotalSeconds:F1} s " +
                $"with {collections} collections; losses {expectedLosses[0]:G6} → {expectedLosses[^1]:G6}; {expectedScores.Length} detections");
            Assert.Equal(expectedLosses, underStress.Losses);
            Assert.Equal(expectedScores, underStress.Scores);
        }
        finally
        {
            foreach (var t in initial.Values) t.Dispose();
        }
    }

    // Trains a fresh detector from the same weights; returns every iteration's loss and the scores it predicts after.
    static (double[] Losses, float[] Scores) Train(Dictionary<string, Tensor> initial, DetBatch batch)
    {
        using var model = Build();
        using (no_grad())
            foreach (var (key, target) in model.state_dict()) target.copy_(initial[key]);
        using var optim = OptimWrapper.Build(model, new OptimWrapperOptions(new SgdOptions { Lr = 0.01, Momentum = 0.9, WeightDecay = 1e-4 },
            clipGrad: new GradClip(10)));
        var losses = new double[Iterations];
        for (int i = 0; i < Iterations; i++)
        {
            using var scope = NewDisposeScope();
            model.train();
            var (total, logVars) = LossParser.Parse(model.Loss(batch));
            optim.UpdateParams(total);
            losses[i] = logVars["loss"];
        }
        model.eval();
        using var predictScope = NewDisposeScope();
        var predictions = model.Predict(batch);
        return (losses, [.. predictions.SelectMany(p => p.PredInstances!.Scores!.data<float>().ToArray())]);
    }

    static RetinaNet Build() => new(
        new ResNet(18, baseChannels: 16),
        new Fpn([16, 32, 64, 128], 16, 5, startLevel: 1, addExtraConvs: ExtraConvs.OnInput),
        new RetinaHead(4, 16, new AnchorGenerator(strides: [8, 16, 32, 64, 128], ratios: [0.5, 2.0], octaveBaseScale: 4, scalesPerOctave: 2),
            featChannels: 16, stackedConvs: 1, trainCfg: new DenseTrainConfig(new MaxIoUAssigner(0.5, 0.4, minPosIou: 0)),
            testCfg: new DenseTestConfig(scoreThr: 0)),
        new DetDataPreprocessor(mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], bgrToRgb: true, padSizeDivisor: 32));

    /// <summary>Two odd-sized images (45×61 and 37×49, uint8 BGR, padded to 64×64) with two and one objects.</summary>
    static DetBatch SmallBatch()
    {
        var gen = new Generator(3);
        var a = randint(0, 256, [3, 45, 61], generator: gen).to(ScalarType.Byte);
        var b = randint(0, 256, [3, 37, 49], generator: gen).to(ScalarType.Byte);
        var gtA = new InstanceData(tensor(new float[] { 4, 6, 30, 28, 28, 18, 58, 42 }).view(2, 4), tensor(new long[] { 0, 2 }));
        var gtB = new InstanceData(tensor(new float[] { 10, 5, 40, 33 }).view(1, 4), tensor(new long[] { 3 }));
        return new DetBatch([a, b], [
            new DetDataSample(new ImageMeta(1, "a.png", (45, 61), (45, 61), (45, 61), (1, 1)), gtA),
            new DetDataSample(new ImageMeta(2, "b.png", (37, 49), (37, 49), (37, 49), (1, 1)), gtB),
        ]);
    }
}
