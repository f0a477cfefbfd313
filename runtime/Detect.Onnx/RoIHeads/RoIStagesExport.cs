using Detect.Models.RoIHeads;
using Detect.Onnx.Export;
using Detect.Onnx.PostProcessing;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// The test-time path every RoI head's ONNX form shares (<see cref="StandardRoIHeadExport"/>: one stage;
/// <see cref="CascadeRoIHeadExport"/>: several): per stage the RoI features of the current RoIs
/// (<see cref="RoIExtractorExport"/>) and the stage's box head; between stages the RoIs refined by the stage
/// (<see cref="RegressByClassExport"/>); the stages' class logits averaged (summed in stage order, divided by their count,
/// as <see cref="CascadeRoIHead.Predict"/>; one stage's taken as they are) and the last box head's deltas decoded and
/// post-processed (<see cref="RcnnPostProcessExport"/>); with masks, every mask head on the final boxes
/// (<see cref="MaskProbabilitiesExport"/>).
/// </summary>
/// <remarks>
/// A RoI head form's inputs are the neck's levels, then the proposals (n×4, image 0) and the <c>img_shape</c> input; its
/// outputs the kept boxes, scores and labels, and with a mask branch each detection's n×1×S×S own-class probabilities.
/// </remarks>
public static class RoIStagesExport
{
    /// <summary>Writes the stages of <paramref name="stages"/> on <paramref name="inputs"/> (levels…, proposals, img_shape).</summary>
    /// <exception cref="OnnxExportException">A module or setting with no ONNX form.</exception>
    public static IReadOnlyList<string> Emit(ExportContext context, string path, RoIStages stages, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var features = inputs.Take(inputs.Count - 2).ToList();
        var (rois, imgShape) = (inputs[^2], inputs[^1]);
        const string root = "rcnn_postprocess";
        var clipMax = RcnnPostProcessExport.ClipMax(g, root, imgShape);
        string? scoreSum = null, bboxPred = null;
        for (int i = 0; i < stages.BboxHeads.Count; i++)
        {
            var (head, headPath) = stages.BboxHeads[i];
            var roiFeats = RoIExtractorExport.Emit(g, stages.BboxRoiExtractor, ExportContext.Join(path, "bbox_roi_extractor"), features, rois);
            var outputs = context.Emit(head, headPath, [roiFeats]);
            scoreSum = scoreSum is null ? outputs[0] : g.Node("Add", $"{root}.cls_score", [scoreSum, outputs[0]]);
            bboxPred = outputs[1];
            if (i < stages.BboxHeads.Count - 1) rois = RegressByClassExport.Emit(g, head, ExportContext.Join(path, $"refine{i}"), rois, outputs[0], bboxPred, clipMax);
        }
        var clsScore = stages.BboxHeads.Count == 1 ? scoreSum! : g.Node("Div", $"{root}.cls_score", [scoreSum!, g.Floats($"{root}.stages", [stages.BboxHeads.Count])]);
        var (boxes, scores, labels) = RcnnPostProcessExport.PredictByFeat(g, stages.BboxHeads[^1].Head, stages.TestCfg, root, rois, clsScore, bboxPred!, clipMax);
        if (stages.MaskRoiExtractor is not { } maskExtractor || stages.MaskHeads.Count == 0) return [boxes, scores, labels];

        var maskFeats = RoIExtractorExport.Emit(g, maskExtractor, ExportContext.Join(path, "mask_roi_extractor"), features, boxes);
        return [boxes, scores, labels, MaskProbabilitiesExport.Emit(context, stages.MaskHeads, "mask_postprocess", maskFeats, labels, MaskSize(maskExtractor))];
    }

    /// <summary>The side of the mask maps an <see cref="FCNMaskHead"/> makes from <paramref name="extractor"/>'s RoI features (its 2× upsampling).</summary>
    public static int MaskSize(SingleRoIExtractor extractor) => 2 * extractor.RoiLayer.OutputSize;
}
