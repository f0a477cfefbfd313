using Detect.Models.Detectors;
using Detect.Models.RoIHeads;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using Detect.Onnx.PostProcessing;
using Detect.Onnx.RoIHeads;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Detectors;

/// <summary>
/// A <see cref="TwoStageDetector"/> (Faster R-CNN) from the preprocessed batch and the image's <c>img_shape</c> to its
/// detections: backbone, neck, RPN head and its proposals (<see cref="DensePostProcessExport"/> under <c>test_cfg.rpn</c>),
/// RoI features (<see cref="RoIExtractorExport"/>), the box head, and <c>multiclass_nms</c> under <c>test_cfg.rcnn</c>.
/// Returns the kept boxes, scores and labels; with an <see cref="FCNMaskHead"/> (Mask R-CNN) also each detection's own-class
/// mask probabilities (n×1×28×28: the mask head on RoI features of the detections themselves), which the runtime pastes.
/// Proposals need NMS whatever the output, so a two-stage detector is always written with its post-processing (batch
/// size 1; a fixed input shape, or symbolic height and width with <c>--dynamic-shape</c>). Cascades have no ONNX form yet.
/// </summary>
public sealed class TwoStageDetectorExport : ModuleExport<TwoStageDetector>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, TwoStageDetector module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var (input, imgShape) = (inputs[0], inputs[1]);
        if (module.RoiHead is not StandardRoIHead roiHead) throw OnnxExportException.Unsupported(ExportContext.Join(path, "roi_head"), module.RoiHead);
        var rcnn = roiHead.TestCfg ?? throw new OnnxExportException("roi_head has no test_cfg (rcnn) to post-process with.");

        var features = context.Emit(module.Backbone, ExportContext.Join(path, "backbone"), [input]);
        if (module.Neck is { } neck) features = context.Emit(neck, ExportContext.Join(path, "neck"), features);
        var raw = context.Emit(module.RpnHead, ExportContext.Join(path, "rpn_head"), features);
        ((int, int), IReadOnlyList<(int, int)>)? fixedShape = context.InputSize is { } inputSize ? (inputSize, FeatmapSizes(module, inputSize)) : null;
        var (proposals, _, _) = DensePostProcessExport.Emit(g, module.RpnHead, raw, input, fixedShape, imgShape, "rpn_proposals");

        var bboxHead = roiHead.BboxHead;
        var roiFeats = RoIExtractorExport.Emit(g, roiHead.BboxRoiExtractor, "roi_head.bbox_roi_extractor", features, proposals);
        var heads = context.Emit(bboxHead, ExportContext.Join(path, "roi_head.bbox_head"), [roiFeats]);
        var (boxes, scores, labels) = PredictByFeat(g, bboxHead, rcnn, "rcnn_postprocess", proposals, heads[0], heads[1], imgShape);
        if (roiHead.MaskHead is not { } maskHead) return [boxes, scores, labels];

        // Mask R-CNN: the mask head on the detections' own RoI features, each detection's own-class probabilities.
        var maskFeats = RoIExtractorExport.Emit(g, roiHead.MaskRoiExtractor!, "roi_head.mask_roi_extractor", features, boxes);
        var logits = context.EmitSingle(maskHead, ExportContext.Join(path, "roi_head.mask_head"), maskFeats);
        return [boxes, scores, labels, OwnClassProbabilities(g, maskHead, "mask_postprocess", logits, labels, 2 * roiHead.MaskRoiExtractor!.RoiLayer.OutputSize)];
    }

    /// <summary>
    /// FCNMaskHead's <c>_predict_by_feat_single</c> up to the paste: the sigmoid (as libtorch computes it) of each detection's
    /// own class map (the only one when class-agnostic), n×1×size×size. Pasting into the image is the runtime's
    /// (<see cref="FCNMaskHead.PredictByFeatSingle"/>), as for TorchSharp's own masks.
    /// </summary>
    static string OwnClassProbabilities(OnnxGraph g, FCNMaskHead head, string root, string logits, string labels, int size)
    {
        var probs = DensePostProcessExport.Sigmoid(g, root, logits);
        if (head.ClassAgnostic)
            return g.Node("Slice", root, [probs, g.Int64s($"{root}.start", 0), g.Int64s($"{root}.end", 1), g.Int64s($"{root}.axis1", 1)]);
        var index = g.Node("Expand", root, [g.Node("Reshape", root, [labels, g.Int64s($"{root}.label_shape", -1, 1, 1, 1)]), g.Int64s($"{root}.map_shape", 1, 1, size, size)]);
        return g.Node("GatherElements", root, [probs, index], OnnxAttributes.Int("axis", 1));
    }

    // BBoxHead.PredictByFeatSingle without the rescale: softmax, class-specific boxes decoded and clipped, multiclass_nms.
    static (string Boxes, string Scores, string Labels) PredictByFeat(OnnxGraph g, BBoxHead head, RcnnTestConfig cfg, string root, string rois, string clsScore, string bboxPred, string imgShape)
    {
        int k = head.NumClasses, encode = head.BboxCoder.EncodeSize;
        var scores = g.Node("Softmax", root, [clsScore], OnnxAttributes.Int("axis", -1));
        int perRoi = head.RegClassAgnostic ? 1 : k;
        // priors repeated per class (repeat_interleave), as the deltas are laid out: roi-major, class-minor.
        var priors = g.Node("Reshape", root, [g.Node("Expand", root, [g.Node("Unsqueeze", root, [rois, g.Int64s($"{root}.axis1", 1)]), g.Int64s($"{root}.expand", 1, perRoi, 4)]),
            g.Int64s($"{root}.boxes", -1, 4)]);
        var deltas = g.Node("Reshape", root, [bboxPred, g.Int64s($"{root}.deltas", -1, encode)]);
        var clipMax = g.Node("Gather", root, [imgShape, g.Int64s($"{root}.whwh", 1, 0, 1, 0)]);
        var boxes = BBoxCoderExport.Decode(g, head.BboxCoder, $"{root}.decode", priors, deltas, clipMax);

        // multiclass_nms: (roi, class) pairs without the background column, those above score_thr.
        var flat = g.Node("Reshape", root, [g.Node("Slice", root, [scores, g.Int64s($"{root}.start", 0), g.Int64s($"{root}.end", k), g.Int64s($"{root}.axis1", 1)]),
            g.Int64s($"{root}.flat", -1)]);
        var valid = g.Node("Reshape", root, [g.Node("NonZero", root, [g.Node("Greater", root, [flat, g.Floats($"{root}.score_thr", [(float)cfg.ScoreThr])])]),
            g.Int64s($"{root}.flat", -1)]);
        var numClasses = g.Int64s($"{root}.num_classes", k);
        var boxRows = head.RegClassAgnostic ? g.Node("Div", root, [valid, numClasses]) : valid;
        long maxCandidates = long.MaxValue; // the box count is only known at run time: BatchedNmsExport chooses there (If)
        return DensePostProcessExport.Select(g, $"{root}.select", g.Node("Gather", root, [boxes, boxRows]),
            g.Node("Gather", root, [flat, valid]), g.Node("Mod", root, [valid, numClasses]), cfg.MinBboxSize, cfg.Nms, k, maxCandidates, cfg.MaxPerImg);
    }

    static IReadOnlyList<(int Height, int Width)> FeatmapSizes(TwoStageDetector detector, (int Height, int Width) size)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outs = detector.ForwardDense(zeros([1, 3, size.Height, size.Width], detector.Dtype, detector.Device));
        return [.. outs.ClsScores.Select(c => ((int)c.shape[2], (int)c.shape[3]))];
    }
}
