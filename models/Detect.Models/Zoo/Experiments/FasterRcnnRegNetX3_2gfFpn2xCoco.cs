using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Faster R-CNN with a RegNetX-3.2GF FPN, 2x schedule on COCO (MMDetection's <c>regnet/faster-rcnn_regnetx-3.2GF_fpn_2x_coco.py</c>): 24 epochs, steps at 16 and 22.</summary>
[Experiment]
[EpochBasedTrainLoop(MaxEpochs = 24)]
[LinearLr(StartFactor = 0.001, ByEpoch = false, Begin = 0, End = 500)]
[MultiStepLr(Begin = 0, End = 24, ByEpoch = true, Milestones = [16, 22], Gamma = 0.1)]
public partial record FasterRcnnRegNetX3_2gfFpn2xCoco : FasterRcnnRegNetX3_2gfFpn1xCoco;
