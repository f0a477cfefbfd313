using Detect.Models.RoIHeads;

namespace Detect.Onnx.RoIHeads;

/// <summary>What <see cref="RoIStagesExport"/> writes of a RoI head: its modules (with their paths) and <c>test_cfg.rcnn</c>.</summary>
/// <param name="BboxRoiExtractor"><c>bbox_roi_extractor</c>, shared by the stages.</param>
/// <param name="BboxHeads">The box head of each stage, with its module path.</param>
/// <param name="TestCfg"><c>test_cfg.rcnn</c>.</param>
/// <param name="MaskRoiExtractor"><c>mask_roi_extractor</c>, or null without masks.</param>
/// <param name="MaskHeads">The mask heads (one per stage in a cascade), with their module paths; empty without masks.</param>
public sealed record RoIStages(SingleRoIExtractor BboxRoiExtractor, IReadOnlyList<(BBoxHead Head, string Path)> BboxHeads, RcnnTestConfig TestCfg,
    SingleRoIExtractor? MaskRoiExtractor, IReadOnlyList<(FCNMaskHead Head, string Path)> MaskHeads);
