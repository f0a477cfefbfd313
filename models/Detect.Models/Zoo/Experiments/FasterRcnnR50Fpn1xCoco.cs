using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>Faster R-CNN R-50-FPN, 1x schedule on COCO (MMDetection's <c>faster-rcnn_r50_fpn_1x_coco.py</c>).</summary>
[Experiment]
[BaseParts(typeof(FasterRcnnR50Fpn), typeof(CocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
public partial record FasterRcnnR50Fpn1xCoco;
