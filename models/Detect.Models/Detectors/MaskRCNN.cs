using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.RoIHeads;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Detectors;

/// <summary>MMDetection's <c>MaskRCNN</c>: Faster R-CNN whose RoI head also has a mask branch.</summary>
public sealed class MaskRCNN : TwoStageDetector
{
    /// <summary>Builds the detector; arguments are MMDetection's in camelCase.</summary>
    /// <param name="backbone"><c>backbone</c>.</param>
    /// <param name="neck"><c>neck</c>.</param>
    /// <param name="rpnHead"><c>rpn_head</c>.</param>
    /// <param name="roiHead"><c>roi_head</c>, with a mask head.</param>
    /// <param name="trainCfg"><c>train_cfg</c> (its <c>rpn_proposal</c> makes the training proposals; the heads take <c>rpn</c> and <c>rcnn</c>).</param>
    /// <param name="dataPreprocessor"><c>data_preprocessor</c>.</param>
    public MaskRCNN(Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead rpnHead, RoIHead roiHead,
        TwoStageTrainConfig? trainCfg = null, DetDataPreprocessor? dataPreprocessor = null)
        : base(nameof(MaskRCNN), backbone, neck, rpnHead, roiHead, trainCfg, dataPreprocessor)
    {
        if (!roiHead.WithMask) throw new ArgumentException("Mask R-CNN's RoI head needs a mask head.", nameof(roiHead));
    }
}
