using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// The detectors' two entry points on batches of odd-sized images (padded to 96×96): MMDetection's loss names, the reviewed
/// loss values of seeded models, gradients reaching the backbone, and predictions on each original image; native memory
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

    /// <summary>
    /// <see cref="SmallDetectors"/> (seed 0) on <see cref="SmallDetectors.OddSizedBatch"/> (seed 0): reviewed values (see
    /// <see cref="ReviewedValues"/>). Checked: the RPN's objectness loss is about ln 2 and the box head's classification loss about
    /// ln 4 (3 classes and the background), as near-zero initial logits give; Mask R-CNN repeats Faster R-CNN's losses exactly (same
    /// seed, same modules built in the same order before the mask branch); the V1 modules change the RPN's and the box head's numbers
    /// only slightly. torchvision's detectors are checked against torchvision itself (TorchvisionTrainingParityTests).
    /// </summary>
    static readonly Dictionary<string, Dictionary<string, double>> Reviewed = new()
    {
        ["retinanet"] = new() { ["loss_cls"] = 1.0860747, ["loss_bbox"] = 0.9655924 },
        ["fcos"] = new() { ["loss_cls"] = 1.1352682, ["loss_bbox"] = 12.396716, ["loss_centerness"] = 0.6972426 },
        ["faster_rcnn"] = new()
        {
            ["loss_rpn_cls"] = 0.6920829, ["loss_rpn_bbox"] = 0.005178897, ["loss_cls"] = 1.3155838, ["acc"] = 70.09346, ["loss_bbox"] = 0.110324085,
        },
        ["mask_rcnn"] = new()
        {
            ["loss_rpn_cls"] = 0.6920829, ["loss_rpn_bbox"] = 0.005178897, ["loss_cls"] = 1.3155838, ["acc"] = 70.09346, ["loss_bbox"] = 0.110324085,
            ["loss_mask"] = 1.035237,
        },
        ["faster_rcnn_v1"] = new()
        {
            ["loss_rpn_cls"] = 0.69211644, ["loss_rpn_bbox"] = 0.006049925, ["loss_cls"] = 1.317818, ["acc"] = 67.299576, ["loss_bbox"] = 0.11111149,
        },
    };

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
        foreach (var (key, loss) in losses) ReviewedValues.AssertClose(Reviewed[name][key], loss.item<float>(), $"{name} {key}");

        var total = losses.Where(l => l.Key.Contains("loss")).Select(l => l.Value).Aggregate((a, b) => a + b);
        total.backward();
        var stem = model.named_parameters().First(p => p.name == "backbone.conv1.weight").parameter;
        // Gradient values are checked against float64 and torchvision in TorchvisionTrainingParityTests; here: all finite, not all 0.
        Assert.NotNull(stem.grad);
        Assert.True(stem.grad!.isfinite().all().item<bool>() && stem.grad.abs().sum().item<float>() > 0);
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
            foreach (var (key, loss) in model.Loss(batch)) ReviewedValues.AssertClose(Reviewed["faster_rcnn_v1"][key], loss.item<float>(), $"faster_rcnn_v1 {key}");
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
