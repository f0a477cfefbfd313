using Detect.Checkpoints;
using Detect.Models.Converters;
using Detect.Models.Detectors;
using Detect.Models.RoIHeads;
using Detect.Models.Zoo;
using Detect.Onnx.Export;
using Detect.Onnx.Runtime;
using Detect.Structures;
using Detect.Visualization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Models;

/// <summary>
/// <c>-- onnx-stages [--arch fasterrcnn_resnet50_fpn] [--dir /tmp/onnx-parity] [--threads 2]</c>: a torchvision-parity two-stage
/// detector's exported graph opened up stage by stage against TorchSharp on the benchmark photo, to tell where the two part:
/// the RPN's proposals, the RoI features of the graph's own proposals, the box head's outputs on the graph's own features,
/// and TorchSharp's post-processing of the graph's own head outputs against the graph's detections.
/// </summary>
/// <remarks>Data as <see cref="OnnxRuntimeComparisonRunner"/>. Each stage is fed the graph's values of the stage before, so
/// a difference shows in the stage that makes it.</remarks>
public static class OnnxTwoStageStagesRunner
{
    /// <summary>Runs the comparison.</summary>
    public static void Run(string[] args)
    {
        int threads = Option(args, "--threads", 2);
        string dir = Text(args, "--dir") ?? "/tmp/onnx-parity", arch = Text(args, "--arch") ?? "fasterrcnn_resnet50_fpn";
        set_num_threads(threads);
        using var model = (TwoStageDetector)(arch == "maskrcnn_resnet50_fpn" ? new TorchvisionMaskRcnnR50Fpn().BuildModel() : new TorchvisionFasterRcnnR50Fpn().BuildModel());
        CheckpointLoader.LoadStateDict(model, new TorchvisionConverter().Convert(CheckpointLoader.Read(Path.Combine(dir, arch + ".pth")), arch).StateDict, strict: true);
        model.eval();
        var image = ImageFiles.ReadBgr(Path.Combine(dir, "bench_800x1216.png"));
        var shape = ((int)image.shape[1], (int)image.shape[2]);
        var batch = new DetBatch([image], [new DetDataSample(new ImageMeta(0, "bench", shape, shape, shape, (1.0, 1.0)))]);
        using var noGrad = no_grad();
        var data = model.DataPreprocessor.Forward(batch, CPU, training: false);
        var meta = data.Metas[0];
        var proto = OnnxExporter.Export(model, new OnnxExportOptions((int)data.Inputs.shape[2], (int)data.Inputs.shape[3], WithPostprocess: true));

        // The intermediate values, found by the module paths their nodes are named after.
        var nodes = proto.Graph.Node;
        var proposalsName = nodes.First(n => n.Name.StartsWith("roi_head.bbox_roi_extractor.", StringComparison.Ordinal)).Input[0];
        var producer = nodes.First(n => n.Output.Contains(proposalsName));
        var proposalScoresName = nodes.First(n => n.OpType == "Gather" && n != producer && n.Name.StartsWith("rpn_proposals", StringComparison.Ordinal)
            && n.Input[1] == producer.Input[1]).Output[0];
        var featsName = nodes.First(n => n.Name.StartsWith("roi_head.bbox_head.Flatten", StringComparison.Ordinal)).Input[0];
        var clsName = nodes.Last(n => n.Name.StartsWith("roi_head.bbox_head.fc_cls", StringComparison.Ordinal)).Output[0];
        var regName = nodes.Last(n => n.Name.StartsWith("roi_head.bbox_head.fc_reg", StringComparison.Ordinal)).Output[0];
        var rpnRaw = nodes.Where(n => n.Name.StartsWith("rpn_head.rpn_cls", StringComparison.Ordinal) || n.Name.StartsWith("rpn_head.rpn_reg", StringComparison.Ordinal))
            .Select(n => n.Output[0]).ToList();
        Console.WriteLine("RPN raw outputs: " + string.Join(", ", rpnRaw));
        string[] extra = [proposalsName, proposalScoresName, featsName, clsName, regName, .. rpnRaw];
        foreach (var name in extra)
            proto.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        var path = Path.Combine(Path.GetTempPath(), $"stages-{Environment.ProcessId}.onnx");
        using (var file = File.Create(path)) proto.WriteTo(file);
        try
        {
            using var session = OnnxSessions.Open(path, threads);
            using var input = OnnxSessions.Batch(session, path, data.Inputs);
            var (h, w) = meta.ImgShape;
            using var imgShape = OrtValue.CreateTensorValueFromMemory(new float[] { h, w }, [2]);
            string[] names = ["dets", "labels", .. extra];
            using var outputs = session.Run(new RunOptions(), new Dictionary<string, OrtValue> { ["inputs"] = input, ["img_shape"] = imgShape }, names);
            Tensor Value(int i) => tensor(outputs[i].GetTensorDataAsSpan<float>().ToArray(), outputs[i].GetTensorTypeAndShape().Shape);
            var labels = tensor(outputs[1].GetTensorDataAsSpan<long>().ToArray(), ScalarType.Int64);
            var (dets, proposals, proposalScores, feats, cls, reg) = (Value(0), Value(2), Value(3), Value(4), Value(5), Value(6));

            var x = model.ExtractFeat(data.Inputs);
            var dense = model.RpnHead.call(x);
            for (int l = 0; l < dense.ClsScores.Length; l++)
            {
                var (c, r) = (Value(7 + 2 * l), Value(8 + 2 * l));
                Console.WriteLine($"RPN level {l}: cls max diff {(c - dense.ClsScores[l]).abs().max().item<float>():E2} (up to {c.abs().max().item<float>():E2}), " +
                    $"reg max diff {(r - dense.BboxPreds[l]).abs().max().item<float>():E2} (up to {r.abs().max().item<float>():E2})");
            }
            var reference = model.RpnHead.Predict(x, data.Metas, rescale: false)[0];
            Console.WriteLine($"proposals: TorchSharp {reference.Count}, graph {proposals.shape[0]}");
            long common = Math.Min(reference.Count, proposals.shape[0]);
            var rowDiff = (reference.Bboxes[..(int)common] - proposals[..(int)common]).abs().amax([1]);
            var scoreDiff = (reference.Scores![..(int)common] - proposalScores[..(int)common]).abs();
            var bad = rowDiff.gt(1e-3).nonzero();
            Console.WriteLine($"  row by row: max box diff {rowDiff.max().item<float>():E2}, max score diff {scoreDiff.max().item<float>():E2}, rows off by > 1e-3: {bad.shape[0]}" +
                (bad.shape[0] > 0 ? $", first at {bad[0, 0].item<long>()}" : ""));
            var iou = Detect.Ops.BoxIou.Pairwise(reference.Bboxes, proposals);
            var found = iou.amax([1]).ge(0.999).sum().item<long>();
            var bestIou = iou.amax([1]);
            Console.WriteLine($"  as sets: {found} of TorchSharp's proposals in the graph's (IoU >= 0.999); best IoU in [0.99, 0.999): " +
                $"{bestIou.ge(0.99).logical_and(bestIou.lt(0.999)).sum().item<long>()}, in [0.9, 0.99): {bestIou.ge(0.9).logical_and(bestIou.lt(0.99)).sum().item<long>()}, below 0.9: {bestIou.lt(0.9).sum().item<long>()}");
            var firstOff = bestIou.lt(0.999).nonzero();
            for (int q = 0; q < Math.Min(8, firstOff.shape[0]); q++)
            {
                long i = firstOff[q, 0].item<long>();
                long j = iou[i].argmax().item<long>();
                Console.WriteLine($"    TorchSharp #{i} {Row(reference.Bboxes[i])} {reference.Scores![i].item<float>():F7} lvl {reference.Labels[i].item<long>()}: best graph #{j} {Row(proposals[j])} {proposalScores[j].item<float>():F7} IoU {bestIou[i].item<float>():F5}");
            }
            Console.WriteLine($"  scores: TorchSharp last {reference.Scores![-1].item<float>():F7}, saturated (== 1) {reference.Scores.eq(1f).sum().item<long>()}; " +
                $"graph last {proposalScores[-1].item<float>():F7}, saturated {proposalScores.eq(1f).sum().item<long>()}");
            if (bad.shape[0] > 0)
            {
                long at = bad[0, 0].item<long>();
                for (long i = Math.Max(0, at - 2); i < Math.Min(common, at + 3); i++)
                    Console.WriteLine($"    #{i}: TorchSharp {Row(reference.Bboxes[i])} {reference.Scores[i].item<float>():F7}; graph {Row(proposals[i])} {proposalScores[i].item<float>():F7}");
            }

            var roiHead = (StandardRoIHead)model.RoiHead;
            var rois = Rois.FromBoxes([proposals]);
            var tsFeats = roiHead.BboxRoiExtractor.Forward(x, rois);
            var featDiff = (tsFeats - feats).abs().reshape(feats.shape[0], -1).amax([1]);
            var levels = roiHead.BboxRoiExtractor.MapRoiLevels(rois, roiHead.BboxRoiExtractor.NumInputs);
            Console.WriteLine($"RoI features of the graph's proposals: max diff {featDiff.max().item<float>():E2} (features up to {tsFeats.abs().max().item<float>():E2}), " +
                $"RoIs off by > 1e-3: {featDiff.gt(1e-3).sum().item<long>()}; levels (TorchSharp) {string.Join(",", Enumerable.Range(0, 4).Select(l => levels.eq(l).sum().item<long>()))}");
            var worst = featDiff.argmax().item<long>();
            Console.WriteLine($"  worst RoI #{worst} {Row(proposals[worst])} level {levels[worst].item<long>()} diff {featDiff[worst].item<float>():E2}");

            var (tsCls, tsReg) = roiHead.BboxHead.call(feats);
            Console.WriteLine($"box head on the graph's features: cls max diff {(tsCls - cls).abs().max().item<float>():E2} (up to {tsCls.abs().max().item<float>():E2}), " +
                $"reg max diff {(tsReg - reg).abs().max().item<float>():E2} (up to {tsReg.abs().max().item<float>():E2})");
            var (ownCls, ownReg) = roiHead.BboxHead.call(tsFeats);
            Console.WriteLine($"box head on TorchSharp's features of the same proposals: cls max diff {(ownCls - cls).abs().max().item<float>():E2}, reg max diff {(ownReg - reg).abs().max().item<float>():E2}");

            var post = roiHead.BboxHead.PredictByFeatSingle(rois, cls, reg, meta, roiHead.TestCfg!, rescale: false);
            var graph = new InstanceData(dets[.., ..4], labels, dets[.., 4]);
            Console.WriteLine($"TorchSharp's post-processing of the graph's head outputs: {post.Count} vs graph {graph.Count}, matched {DetectionAgreement.MatchedFraction(post, graph):P2}");
            var own = roiHead.BboxHead.PredictByFeatSingle(rois, ownCls, ownReg, meta, roiHead.TestCfg!, rescale: false);
            Console.WriteLine($"TorchSharp end to end from the graph's proposals: matched {DetectionAgreement.MatchedFraction(own, graph):P2}");
            var full = model.Predict(batch)[0].PredInstances!;
            Console.WriteLine($"TorchSharp end to end: matched {DetectionAgreement.MatchedFraction(full, graph):P2}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string Row(Tensor box) => "[" + string.Join(", ", box.data<float>().ToArray().Select(v => v.ToString("F3"))) + "]";

    static int Option(string[] args, string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);

    static string? Text(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
