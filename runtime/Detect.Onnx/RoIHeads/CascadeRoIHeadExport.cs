using Detect.Models.RoIHeads;
using Detect.Onnx.Export;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// <see cref="CascadeRoIHead"/> (Cascade R-CNN, Cascade Mask R-CNN) at test time: <see cref="RoIStagesExport"/> with
/// <c>num_stages</c> stages — each stage's box head on the RoIs the previous one refined, the stages' class logits averaged,
/// the last head's deltas post-processed and, with mask heads, every stage's mask probabilities averaged on the detections.
/// </summary>
public sealed class CascadeRoIHeadExport : ModuleExport<CascadeRoIHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, CascadeRoIHead module, string path, IReadOnlyList<string> inputs) =>
        RoIStagesExport.Emit(context, path, new RoIStages(module.BboxRoiExtractor,
            [.. module.BboxHead.Select((head, i) => (head, ExportContext.Join(path, $"bbox_head.{i}")))],
            module.TestCfg ?? throw new OnnxExportException($"{path} has no test_cfg (rcnn) to post-process with."),
            module.MaskRoiExtractor, [.. (module.MaskHead ?? []).Select((head, i) => (head, ExportContext.Join(path, $"mask_head.{i}")))]), inputs);
}
