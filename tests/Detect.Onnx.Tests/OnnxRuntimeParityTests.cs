using Detect.Models.Detectors;
using Detect.Models.Tests.Detectors;
using Detect.Onnx.Export;
using Detect.Onnx.Runtime;
using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>
/// Small RetinaNet and FCOS exported and run in ONNX Runtime against TorchSharp: every raw output within 1e-4, and the
/// detections after the (shared) post-processing matched; with the post-processing in the graph (and Faster R-CNN and
/// Cascade R-CNN, always exported so), the graph's detections matched to TorchSharp's.
/// </summary>
public sealed class OnnxRuntimeParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("retinanet")]
    [InlineData("fcos")]
    [InlineData("atss")]
    [InlineData("d2_retinanet")]
    // SSDVGG (ceil-mode pool3, 3×3 stride-1 pool5, dilated conv6), the neck's L2Norm and extra levels, the head's per-level
    // convs: torchvision's transform resizes every image to 300×300.
    [InlineData("ssd300", 300)]
    public void FixedShape_RawOutputsAndDetectionsMatchTorchSharp(string name, int size = 96)
    {
        using var detector = (SingleStageDetector)ExportedDetectors.Build(name);
        using var batch = SmallDetectors.OddSizedBatch();
        // The odd-sized batch pads to 2×3×96×96 (pad_size_divisor 32), or is resized to the model's fixed size.
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(size, size, BatchSize: 2));
        try
        {
            var reference = detector.Predict(batch);
            detector.DenseBackend = new OnnxRuntimeDenseForward(path, intraOpThreads: 1);
            var onnx = detector.Predict(batch);
            for (int i = 0; i < reference.Count; i++)
            {
                var (a, b) = (reference[i].PredInstances!, onnx[i].PredInstances!);
                Assert.True(a.Bboxes.shape[0] > 0);
                AssertMatchedBothWays(a, b, $"{name} image {i}");
            }
            using var inputs = detector.DataPreprocessor.Forward(batch, CPU, training: false).Inputs;
            Assert.Equal([2L, 3, size, size], inputs.shape);
            AssertRawOutputsMatch(detector, inputs, name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Ssd300_WithPostprocess_IsRefusedNamingTheSetting()
    {
        using var detector = ExportedDetectors.Build("ssd300");
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(detector, new OnnxExportOptions(300, 300, WithPostprocess: true)));
        Assert.Contains("nms_pre_per_class", e.Message);
    }

    [Theory]
    [InlineData("retinanet")]
    [InlineData("fcos")]
    [InlineData("faster_rcnn")]
    [InlineData("retinanet_tv")]
    [InlineData("fcos_tv")]
    [InlineData("faster_rcnn_tv")]
    [InlineData("cascade_rcnn")]
    [InlineData("cascade_rcnn_class_specific")]
    [InlineData("atss")]
    [InlineData("d2_retinanet")]
    [InlineData("d2_faster_rcnn")]
    [InlineData("v1_retinanet")]
    [InlineData("v1_faster_rcnn")]
    [InlineData("v1_retinanet_caffe")]
    [InlineData("v1_cascade_rcnn")]
    public void WithPostprocess_DetectionsMatchTorchSharp(string name)
    {
        using var detector = ExportedDetectors.Build(name);
        using var batch = SmallDetectors.OddSizedBatch();
        // Each image of the 2×3×96×96 batch runs through a batch-1 graph; its img_shape (what boxes are clipped to) is an input.
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(96, 96, WithPostprocess: true));
        try
        {
            var reference = detector.Predict(batch);
            Assert.True(OnnxSessions.IsPostProcessed(path));
            detector.DetectionBackend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1);
            var onnx = detector.Predict(batch);
            for (int i = 0; i < reference.Count; i++)
            {
                var (a, b) = (reference[i].PredInstances!, onnx[i].PredInstances!);
                double scoreDiff = ScoreAgreement.MaxScoreDifference(a, b);
                AssertMatchedBothWays(a, b, $"{name} image {i} (post-processed graph, max |score diff| {scoreDiff:E2})");
                // test_cfg keeps max_per_img = 100 of the (score_thr 0) candidates; ATSS's one anchor per location leaves fewer
                // than 100 after NMS on these small images (70 and 68); Detectron2's RetinaNet (clip_after_nms) runs NMS on unclipped
                // boxes and then drops those its final clip leaves empty, which leaves 14 and 26 here (measured).
                long expected = name switch { "atss" => new[] { 70L, 68L }[i], "d2_retinanet" => new[] { 14L, 26L }[i], _ => 100L };
                output.WriteLine($"{name} image {i}: {a.Bboxes.shape[0]} detections");
                Assert.Equal(expected, a.Bboxes.shape[0]);
                // Measured ≤ 3.8e-7 for every row but d2_retinanet (≤ 1.4e-6: Detectron2's unit std feeds pixel values up to ±128),
                // v1_retinanet (≤ 4.2e-7) and v1_retinanet_caffe (≤ 9.6e-7, the same unit std);
                // the tolerance the matching allows is 1e-4.
                Assert.True(scoreDiff <= 1e-5, $"{name} image {i}: matched scores differ by up to {scoreDiff}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WithPostprocess_SaturatedProposalScores_MatchTorchSharp()
    {
        // Objectness logits spread over about ±30 around 12: many proposals score a sigmoid of exactly 1 in TorchSharp and tie
        // there; NMS takes tied boxes in candidate order, so the graph must round its scores alike and keep that order
        // (levels with fewer anchors than nms_pre in anchor order, the others by decreasing logit).
        using var detector = (TwoStageDetector)ExportedDetectors.Build("faster_rcnn_tv");
        using (no_grad())
        {
            var weights = detector.state_dict();
            weights["rpn_head.rpn_cls.weight"].mul_(300.0);
            weights["rpn_head.rpn_cls.bias"].add_(12.0);
        }
        using var batch = SmallDetectors.OddSizedBatch();
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(96, 96, WithPostprocess: true));
        try
        {
            using var noGrad = no_grad();
            var data = detector.DataPreprocessor.Forward(batch, CPU, training: false);
            var proposals = detector.RpnHead.Predict(detector.ExtractFeat(data.Inputs), data.Metas, rescale: false);
            long saturated = proposals[0].Scores!.eq(1f).sum().item<long>();
            output.WriteLine($"image 0: {proposals[0].Count} proposals, {saturated} of them scoring exactly 1");
            Assert.True(saturated >= 20, $"only {saturated} saturated proposal scores");
            var reference = detector.Predict(batch);
            detector.DetectionBackend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1);
            var onnx = detector.Predict(batch);
            for (int i = 0; i < reference.Count; i++) AssertMatchedBothWays(reference[i].PredInstances!, onnx[i].PredInstances!, $"image {i}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("retinanet")]
    [InlineData("fcos")]
    [InlineData("faster_rcnn")]
    [InlineData("retinanet_tv")]
    [InlineData("fcos_tv")]
    [InlineData("faster_rcnn_tv")]
    [InlineData("cascade_rcnn")]
    [InlineData("v1_retinanet")]
    [InlineData("v1_faster_rcnn")]
    public void DynamicShape_WithPostprocess_DetectionsMatchTorchSharpAtEverySize(string name)
    {
        // One graph, traced at 64×64, post-processes batches of other sizes: its priors are computed from each level's size
        // when it runs (torchvision's models measure their strides on the batch, e.g. 160 // 3 = 53 at a rounded-up level).
        using var detector = ExportedDetectors.Build(name);
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(64, 64, DynamicShape: true, WithPostprocess: true));
        try
        {
            foreach (var batch in new[] { SmallDetectors.OddSizedBatch(), OneImage(141, 203, seed: 5) })
            {
                using (batch)
                {
                    detector.DetectionBackend = null;
                    long[] padded;
                    using (var inputs = detector.DataPreprocessor.Forward(batch, CPU, training: false).Inputs) padded = inputs.shape;
                    var reference = detector.Predict(batch);
                    detector.DetectionBackend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1);
                    var onnx = detector.Predict(batch);
                    detector.DetectionBackend = null;
                    for (int i = 0; i < reference.Count; i++)
                    {
                        var (h, w) = batch.Samples[i].Meta.ImgShape;
                        AssertMatchedBothWays(reference[i].PredInstances!, onnx[i].PredInstances!, $"{name} {h}×{w} in a {string.Join("×", padded)} batch (dynamic post-processed graph)");
                        Assert.Equal(100, reference[i].PredInstances!.Bboxes.shape[0]);
                    }
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WithPostprocess_RefusesBatches()
    {
        var e = Assert.Throws<ArgumentException>(() => new OnnxExportOptions(64, 64, BatchSize: 2, WithPostprocess: true).Validate());
        Assert.Contains("batch size 2 is not supported", e.Message);
    }

    // A one-image batch of random pixels of the given size, without ground truth.
    static DetBatch OneImage(int height, int width, int seed)
    {
        var image = randint(0, 256, [3, height, width], generator: new Generator((ulong)seed)).to(ScalarType.Byte);
        return new DetBatch([image], [new DetDataSample(new ImageMeta(1, "c.png", (height, width), (height, width), (height, width), (1, 1)))]);
    }

    [Theory]
    [InlineData("retinanet")]
    [InlineData("fcos")]
    public void DynamicShape_OddSizes_RawOutputsMatchTorchSharp(string name)
    {
        using var detector = (SingleStageDetector)ExportedDetectors.Build(name);
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(64, 64, DynamicShape: true));
        try
        {
            // Odd sizes make FPN's nearest upsampling non-integral (e.g. 3×4 → 5×7): the Resize must pick PyTorch's source pixels.
            foreach (long[] shape in new long[][] { [1, 3, 75, 101], [2, 3, 64, 96] })
            {
                using var inputs = randn(shape, generator: new Generator(3));
                AssertRawOutputsMatch(detector, inputs, $"{name} {string.Join("×", shape)}", path);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    // One image's detections from both backends, matched both ways (same label, IoU ≥ 0.999, score within 1e-4) and logged.
    void AssertMatchedBothWays(InstanceData torch, InstanceData onnx, string label)
    {
        double match = DetectionAgreement.MatchedFraction(torch, onnx), reverse = DetectionAgreement.MatchedFraction(onnx, torch);
        output.WriteLine($"{label}: {torch.Bboxes.shape[0]} TorchSharp detections, {onnx.Bboxes.shape[0]} ONNX Runtime, matched {match:P2} / {reverse:P2}");
        Assert.True(match >= 0.99 && reverse >= 0.99, $"{label}: only {match:P2} (reverse {reverse:P2}) of the detections matched");
    }

    void AssertRawOutputsMatch(SingleStageDetector detector, Tensor inputs, string label, string? path = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var backend = detector.DenseBackend;
        detector.DenseBackend = null;
        var expected = detector.ForwardDense(inputs);
        using var ort = path is null ? null : new OnnxRuntimeDenseForward(path, intraOpThreads: 1);
        var actual = (ort ?? backend!).Forward(inputs);
        detector.DenseBackend = backend;
        Tensor[] e = [.. expected.ClsScores, .. expected.BboxPreds, .. expected.ScoreFactors ?? []];
        Tensor[] a = [.. actual.ClsScores, .. actual.BboxPreds, .. actual.ScoreFactors ?? []];
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i].shape, a[i].shape);
            double diff = (e[i] - a[i]).abs().max().item<float>();
            output.WriteLine($"{label} output {i} {string.Join("×", e[i].shape)}: max |ORT − TorchSharp| = {diff:E2}");
            Assert.True(diff <= 1e-4, $"{label} output {i}: max abs difference {diff}");
        }
    }
}
