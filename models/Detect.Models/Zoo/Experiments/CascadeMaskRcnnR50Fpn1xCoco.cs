using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>Cascade Mask R-CNN R-50-FPN, 1x schedule on COCO (MMDetection's <c>cascade-mask-rcnn_r50_fpn_1x_coco.py</c>).</summary>
[Experiment]
[BaseParts(typeof(CascadeMaskRcnnR50Fpn), typeof(CocoInstance), typeof(Schedule1x), typeof(DefaultRuntime))]
public partial record CascadeMaskRcnnR50Fpn1xCoco;
