using Detect.Models.RoIHeads;
using Detect.Onnx.Export;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// <see cref="StandardRoIHead"/> (Faster / Mask R-CNN) at test time: <see cref="RoIStagesExport"/> with one stage — RoI
/// features of the proposals, the box head, its post-processing and, with a mask head, the detections' mask probabilities.
/// </summary>
public sealed class StandardRoIHeadExport : ModuleExport<StandardRoIHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, StandardRoIHead module, string path, IReadOnlyList<string> inputs) =>
        RoIStagesExport.Emit(context, path, new RoIStages(module.BboxRoiExtractor, [(module.BboxHead, ExportContext.Join(path, "bbox_head"))],
            module.TestCfg ?? throw new OnnxExportException($"{path} has no test_cfg (rcnn) to post-process with."),
            module.MaskRoiExtractor, module.MaskHead is { } mask ? [(mask, ExportContext.Join(path, "mask_head"))] : []), inputs);
}
