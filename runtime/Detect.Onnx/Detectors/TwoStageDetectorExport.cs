using Detect.Models.Detectors;
using Detect.Models.RoIHeads;
using Detect.Onnx.Export;
using Detect.Onnx.PostProcessing;
using Detect.Onnx.RoIHeads;

namespace Detect.Onnx.Detectors;

/// <summary>
/// A <see cref="TwoStageDetector"/> (Faster / Mask R-CNN, Cascade R-CNN, Cascade Mask R-CNN) from the preprocessed batch and
/// the image's <c>img_shape</c> to its detections: backbone, neck, RPN head and its proposals
/// (<see cref="DensePostProcessExport"/> under <c>test_cfg.rpn</c>), then the RoI head's own form on the proposals
/// (<see cref="StandardRoIHeadExport"/>, <see cref="CascadeRoIHeadExport"/>; both <see cref="RoIStagesExport"/>): RoI
/// features, the box head(s), <c>multiclass_nms</c> under <c>test_cfg.rcnn</c>. Returns the kept boxes, scores and labels;
/// with a mask branch also each detection's own-class mask probabilities (n×1×28×28: the mask head(s) on RoI features of the
/// detections themselves, a cascade's stages averaged), which the runtime pastes. Proposals need NMS whatever the output, so
/// a two-stage detector is always written with its post-processing (batch size 1; a fixed input shape, or symbolic height and
/// width with <c>--dynamic-shape</c>). A RoI head of another type stops the export with
/// <see cref="OnnxExportException.Unsupported"/>.
/// </summary>
public sealed class TwoStageDetectorExport : ModuleExport<TwoStageDetector>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, TwoStageDetector module, string path, IReadOnlyList<string> inputs)
    {
        var (input, imgShape) = (inputs[0], inputs[1]);
        var features = context.Emit(module.Backbone, ExportContext.Join(path, "backbone"), [input]);
        if (module.Neck is { } neck) features = context.Emit(neck, ExportContext.Join(path, "neck"), features);
        var raw = context.Emit(module.RpnHead, ExportContext.Join(path, "rpn_head"), features);
        ((int, int), IReadOnlyList<(int, int)>)? fixedShape = context is { InputSize: { } inputSize, FeatmapSizes: { } sizes } ? (inputSize, sizes) : null;
        var (proposals, _, _) = DensePostProcessExport.Emit(context.Graph, module.RpnHead, raw, input, fixedShape, imgShape, "rpn_proposals");
        return context.Emit(module.RoiHead, ExportContext.Join(path, "roi_head"), [.. features, proposals, imgShape]);
    }
}
