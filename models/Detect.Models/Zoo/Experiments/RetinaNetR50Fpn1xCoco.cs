using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>RetinaNet R-50-FPN, 1x schedule on COCO (MMDetection's <c>retinanet_r50_fpn_1x_coco.py</c>).</summary>
[Experiment]
[BaseParts(typeof(RetinaNetR50Fpn), typeof(CocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
[Sgd(Lr = 0.01, Momentum = 0.9, WeightDecay = 0.0001)]
public partial record RetinaNetR50Fpn1xCoco;
