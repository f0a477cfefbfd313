using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.RoIHeads;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Detectors;

/// <summary>MMDetection's <c>FasterRCNN</c> (Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks).</summary>
/// <param name="backbone"><c>backbone</c>.</param>
/// <param name="neck"><c>neck</c>.</param>
/// <param name="rpnHead"><c>rpn_head</c>.</param>
/// <param name="roiHead"><c>roi_head</c> (a box branch only).</param>
/// <param name="trainCfg"><c>train_cfg</c> (its <c>rpn_proposal</c> makes the training proposals; the heads take <c>rpn</c> and <c>rcnn</c>).</param>
/// <param name="dataPreprocessor"><c>data_preprocessor</c>.</param>
public sealed class FasterRCNN(Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead rpnHead, RoIHead roiHead,
    TwoStageTrainConfig? trainCfg = null, DetDataPreprocessor? dataPreprocessor = null)
    : TwoStageDetector(nameof(FasterRCNN), backbone, neck, rpnHead, roiHead, trainCfg, dataPreprocessor);
