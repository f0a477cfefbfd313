using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// The detectors' two entry points on batches of odd-sized images (padded to 96×96): MMDetection's loss names, losses
/// that train (finite, with gradients reaching the backbone), and predictions on each original image; native memory
/// (live tensors) flat over repeated predictions.
/// </summary>
public sealed class DetectorTests
{
    public DetectorTests() => TorchRuntime.EnsureInitialized();

    static readonly Dictionary<string, string[]> LossNames = new()
    {
        ["retinanet"] = ["loss_cls", "loss_bbox"],
        ["fcos"] = ["loss_cls", "loss_bbox", "loss_centerness"],
        ["faster_rcnn"] = ["loss_rpn_cls", "loss_rpn_bbox", "loss_cls", "acc", "loss_bbox"],
        ["mask_rcnn"] = ["loss_rpn_cls", "loss_rpn_bbox", "loss_cls", "acc", "loss_bbox", "loss_mask"],
    };

    public static TheoryData<string> Names => [.. SmallDetectors.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void LossesOfOddSizedImagesTrainTheWholeModel(string name)
    {
        using var model = SmallDetectors.Build(name);
        model.train();
        using var batch = SmallDetectors.OddSizedBatch();
        using var scope = NewDisposeScope();
        var losses = model.Loss(batch);
        Assert.Equal(LossNames[name], losses.Keys);
        foreach (var (key, loss) in losses)
            Assert.True(float.IsFinite(loss.item<float>()) && loss.item<float>() >= 0, $"{name}: {key} = {loss.item<float>()}");
        foreach (var key in LossNames[name].Where(k => k.StartsWith("loss", StringComparison.Ordinal)))
            Assert.True(losses[key].item<float>() > 0, $"{name}: {key} is 0 although the batch has objects");

        var total = losses.Where(l => l.Key.Contains("loss")).Select(l => l.Value).Aggregate((a, b) => a + b);
        total.backward();
        var stem = model.named_parameters().First(p => p.name == "backbone.conv1.weight").parameter;
        Assert.NotNull(stem.grad);
        Assert.True(stem.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void PredictionsLieOnTheirOriginalImages(string name)
    {
        using var model = SmallDetectors.Build(name);
        model.eval();
        using var batch = SmallDetectors.OddSizedBatch(seed: 1);
        var samples = model.Predict(batch);
        Assert.Equal(2, samples.Count);
        foreach (var sample in samples)
        {
            using var pred = sample.PredInstances!;
            var (h, w) = sample.Meta.OriShape;
            Assert.Equal((96, 96), sample.Meta.BatchInputShape);
            Assert.True(pred.Count > 0, $"{name}: no predictions for {sample.Meta.ImgPath}");
            Assert.True(pred.Bboxes.min().item<float>() >= 0 && pred.Bboxes[.., 2].max().item<float>() <= w && pred.Bboxes[.., 3].max().item<float>() <= h);
            Assert.True(pred.Labels.min().item<long>() >= 0 && pred.Labels.max().item<long>() < SmallDetectors.NumClasses);
            Assert.True(pred.Scores!.max().item<float>() <= 1);
            if (name == "mask_rcnn") Assert.Equal(new long[] { pred.Count, h, w }, pred.Masks!.shape);
        }
    }

    [Fact]
    public void V1ModulesPlugInWhereTheirV2CounterpartsDo()
    {
        using var model = SmallDetectors.Build("faster_rcnn_v1");
        model.train();
        using var batch = SmallDetectors.OddSizedBatch();
        using (var scope = NewDisposeScope())
            Assert.True(model.Loss(batch)["loss_bbox"].item<float>() > 0);
        model.eval();
        foreach (var sample in model.Predict(batch))
        {
            using var pred = sample.PredInstances!;
            var (h, w) = sample.Meta.OriShape;
            Assert.True(pred.Count > 0);
            // The legacy coder clips to the last pixel (size − 1), where the V2 coder clips to the size.
            Assert.True(pred.Bboxes[.., 2].max().item<float>() <= w - 1 && pred.Bboxes[.., 3].max().item<float>() <= h - 1);
        }
    }

    [Fact]
    public void RepeatedPredictionsKeepNoTensorsAlive()
    {
        using var model = SmallDetectors.Build("mask_rcnn");
        model.eval();
        using var batch = SmallDetectors.OddSizedBatch(seed: 2);
        foreach (var s in model.Predict(batch)) s.PredInstances!.Dispose();   // warm-up
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++)
            foreach (var s in model.Predict(batch)) s.PredInstances!.Dispose();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
