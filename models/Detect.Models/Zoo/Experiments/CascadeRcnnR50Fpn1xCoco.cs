using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>Cascade R-CNN R-50-FPN, 1x schedule on COCO (MMDetection's <c>cascade-rcnn_r50_fpn_1x_coco.py</c>), box branch.</summary>
[Experiment]
[BaseParts(typeof(CascadeRcnnR50Fpn), typeof(CocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
public partial record CascadeRcnnR50Fpn1xCoco;
