using Detect.Models.Detectors;
using Detect.Models.RoIHeads;
using Detect.Models.Tests.Detectors;
using Detect.Onnx.Export;
using Detect.Onnx.Runtime;
using Detect.Structures;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>
/// Mask R-CNN and Cascade Mask R-CNN exported with their post-processing (boxes, labels and each detection's own-class
/// 28×28 mask probabilities) and run in ONNX Runtime against TorchSharp: detections matched both ways, the graph's mask
/// probabilities within 1e-4 of TorchSharp's mask head (a cascade's: every stage's, averaged) on the same boxes, and the
/// masks the detector pastes from them equal to TorchSharp's but for pixels at the 0.5 threshold.
/// </summary>
public sealed class MaskRcnnParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("mask_rcnn")]
    [InlineData("mask_rcnn_tv")]
    [InlineData("cascade_mask_rcnn")]
    [InlineData("d2_mask_rcnn")]
    [InlineData("v1_mask_rcnn")]
    [InlineData("v1_cascade_mask_rcnn")]
    public void WithPostprocess_DetectionsAndMasksMatchTorchSharp(string name)
    {
        using var detector = (TwoStageDetector)ExportedDetectors.Build(name);
        using var batch = SmallDetectors.OddSizedBatch();
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(96, 96, WithPostprocess: true));
        try
        {
            var reference = detector.Predict(batch);
            using var backend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1);
            Assert.True(OnnxSessions.IsPostProcessed(path));
            Assert.True(backend.WithMasks);
            var diffs = ProbabilityDifferences(detector, backend, batch);
            for (int i = 0; i < diffs.Count; i++)
            {
                output.WriteLine($"{name} image {i}: mask probabilities, max |ORT − TorchSharp| = {diffs[i]:E2}");
                Assert.True(diffs[i] <= 1e-4, $"{name} image {i}: mask probabilities differ by {diffs[i]}");
            }

            detector.DetectionBackend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1);
            var onnx = detector.Predict(batch);
            for (int i = 0; i < reference.Count; i++)
            {
                var (a, b) = (reference[i].PredInstances!, onnx[i].PredInstances!);
                double match = DetectionAgreement.MatchedFraction(a, b), reverse = DetectionAgreement.MatchedFraction(b, a);
                Assert.Equal(a.Masks!.shape, b.Masks!.shape);
                Assert.Equal(ScalarType.Bool, b.Masks.dtype);
                var (differing, foreground) = MaskDifference(a, b);
                double scoreDiff = ScoreAgreement.MaxScoreDifference(a, b);
                output.WriteLine($"{name} image {i}: {a.Count} TorchSharp detections, {b.Count} ONNX Runtime, matched {match:P2} / {reverse:P2}, " +
                    $"max |score diff| {scoreDiff:E2}; " +
                    $"pasted masks {string.Join("×", b.Masks.shape)}, {differing} of {foreground} foreground pixels differ");
                Assert.Equal(100, a.Count);
                Assert.True(match >= 0.99 && reverse >= 0.99, $"{name} image {i}: only {match:P2} (reverse {reverse:P2}) of the detections matched");
                Assert.True(scoreDiff <= 1e-5, $"{name} image {i}: matched scores differ by up to {scoreDiff}"); // measured ≤ 2.1e-7
                Assert.True(foreground > 0);
                Assert.True(differing <= foreground / 1000, $"{name} image {i}: {differing} of {foreground} mask pixels differ");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("mask_rcnn")]
    [InlineData("cascade_mask_rcnn")]
    public void WithPostprocess_NoDetections_GivesEmptyMasks(string name)
    {
        // A score threshold no softmax passes (scores must exceed it; the config allows at most 1): the mask head(s) run on zero RoIs.
        using var detector = (TwoStageDetector)(name == "mask_rcnn"
            ? ExportedDetectors.Build(name, new TwoStageTestConfig(SmallDetectors.TwoStageTest().Rpn, new RcnnTestConfig(scoreThr: 1.5, maxPerImg: 100)))
            : ExportedDetectors.Build(name, cfgOptions: ["model.test_cfg.rcnn.score_thr=1.0"]));
        using var batch = SmallDetectors.OddSizedBatch();
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(96, 96, WithPostprocess: true));
        try
        {
            var reference = detector.Predict(batch);
            detector.DetectionBackend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1);
            var onnx = detector.Predict(batch);
            for (int i = 0; i < reference.Count; i++)
            {
                Assert.Equal(0, reference[i].PredInstances!.Count);
                Assert.Equal(0, onnx[i].PredInstances!.Count);
                Assert.Equal(reference[i].PredInstances!.Masks!.shape, onnx[i].PredInstances!.Masks!.shape);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Pixels where <paramref name="reference"/>'s masks differ from those of <paramref name="other"/>'s detection that matches
    /// each (same label, highest IoU; detections whose scores tie may come in either order), and the reference's foreground.
    /// </summary>
    internal static (long Differing, long Foreground) MaskDifference(InstanceData reference, InstanceData other)
    {
        using var scope = NewDisposeScope();
        var iou = Detect.Ops.BoxIou.Pairwise(reference.Bboxes, other.Bboxes);
        var sameLabel = reference.Labels.unsqueeze(1).eq(other.Labels.unsqueeze(0));
        var partner = iou.add(1).mul(sameLabel.to(iou.dtype)).argmax(1);
        return (reference.Masks!.ne(other.Masks!.index_select(0, partner)).sum().item<long>(), reference.Masks.sum().item<long>());
    }

    /// <summary>Per image, the largest difference of the graph's mask probabilities from TorchSharp's mask head run on the graph's own boxes and labels.</summary>
    internal static IReadOnlyList<double> ProbabilityDifferences(TwoStageDetector detector, OnnxRuntimeDetectionForward backend, DetBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var data = detector.DataPreprocessor.Forward(batch, CPU, training: false);
        var x = detector.ExtractFeat(data.Inputs);
        var results = backend.Predict(data.Inputs, data.Metas);
        var diffs = new List<double>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Assert.Equal([r.Count, 28L, 28], r.Masks!.shape);
            var features = detector.RoiHead.MaskRoiExtractor!.Forward(x.Select(f => f[i..(i + 1)]).ToArray(), Rois.FromBoxes([r.Bboxes]));
            var expected = MergedProbabilities(detector.RoiHead, features)[arange(r.Count), r.Labels];
            diffs.Add((expected - r.Masks).abs().max().item<float>());
        }
        return diffs;
    }

    // TorchSharp's mask probabilities on RoI features: the mask head's sigmoid, or the mean of a cascade's stages' (CascadeRoIHead.PredictMask).
    static Tensor MergedProbabilities(RoIHead head, Tensor features)
    {
        if (head is StandardRoIHead standard) return standard.MaskHead!.call(features).sigmoid();
        var heads = ((CascadeRoIHead)head).MaskHead!;
        using var count = ((double)heads.Count).ToScalar();
        return heads.Select(h => h.call(features).sigmoid()).Aggregate((a, b) => a.add(b)).div(count);
    }
}
