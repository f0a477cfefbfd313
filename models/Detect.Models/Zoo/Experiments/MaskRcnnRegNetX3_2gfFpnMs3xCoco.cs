using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// Mask R-CNN with a RegNetX-3.2GF FPN, multi-scale 3x on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-3.2GF_fpn_ms-3x_coco.py</c>):
/// the 1x experiment trained 36 epochs (steps at 28 and 34) with the short edge drawn from 640–800 in steps of 32 and
/// gradient clipping.
/// </summary>
[Experiment]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true, WithMask = true)]
[RandomChoiceResize(Scales = [1333, 640, 1333, 672, 1333, 704, 1333, 736, 1333, 768, 1333, 800], KeepRatio = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[ClipGrad(MaxNorm = 35, NormType = 2)]
[EpochBasedTrainLoop(MaxEpochs = 36)]
[LinearLr(StartFactor = 0.001, ByEpoch = false, Begin = 0, End = 500)]
[MultiStepLr(Begin = 0, End = 36, ByEpoch = true, Milestones = [28, 34], Gamma = 0.1)]
public partial record MaskRcnnRegNetX3_2gfFpnMs3xCoco : MaskRcnnRegNetX3_2gfFpn1xCoco;
