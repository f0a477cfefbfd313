using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN R-50-FPN, 1x schedule on COCO (MMDetection's <c>mask-rcnn_r50_fpn_1x_coco.py</c>).</summary>
[Experiment]
[BaseParts(typeof(MaskRcnnR50Fpn), typeof(CocoInstance), typeof(Schedule1x), typeof(DefaultRuntime))]
public partial record MaskRcnnR50Fpn1xCoco;
