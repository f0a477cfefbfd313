using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.RoIHeads;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Detectors;

/// <summary>
/// MMDetection's <c>CascadeRCNN</c> (Cascade R-CNN: Delving into High Quality Object Detection): a two-stage detector whose
/// RoI head is a <see cref="CascadeRoIHead"/>, trained with one <c>train_cfg.rcnn</c> item per stage.
/// </summary>
/// <param name="backbone"><c>backbone</c>.</param>
/// <param name="neck"><c>neck</c>.</param>
/// <param name="rpnHead"><c>rpn_head</c>.</param>
/// <param name="roiHead"><c>roi_head</c>.</param>
/// <param name="trainCfg"><c>train_cfg</c> (its <c>rpn_proposal</c> makes the training proposals; the heads take <c>rpn</c> and <c>rcnn</c>).</param>
/// <param name="dataPreprocessor"><c>data_preprocessor</c>.</param>
public sealed class CascadeRCNN(Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead rpnHead, RoIHead roiHead,
    TwoStageTrainConfig? trainCfg = null, DetDataPreprocessor? dataPreprocessor = null)
    : TwoStageDetector(nameof(CascadeRCNN), backbone, neck, rpnHead, roiHead, trainCfg, dataPreprocessor);
