using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.RoIHeads;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Detectors;

/// <summary>
/// MMDetection's <c>TwoStageDetector</c>: backbone, neck, a region proposal network (<c>rpn_head</c>) and a RoI head
/// (<c>roi_head</c>) that classifies and refines the proposals.
/// </summary>
/// <remarks>
/// The heads take their settings in their constructors (<c>train_cfg.rpn</c> / <c>test_cfg.rpn</c> the RPN head,
/// <c>train_cfg.rcnn</c> / <c>test_cfg.rcnn</c> the RoI head): the generated <c>Build()</c> builds them with the detector's,
/// as MMDetection's <c>TwoStageDetector</c> updates their configs before building them. Training: the RPN learns objectness (every ground truth relabelled 0) and, from its detached outputs, makes
/// proposals with <c>train_cfg.rpn_proposal</c>; the RoI head trains on them. Losses: <c>loss_rpn_cls</c>,
/// <c>loss_rpn_bbox</c>, <c>loss_cls</c>, <c>acc</c>, <c>loss_bbox</c> (and <c>loss_mask</c>).
/// </remarks>
public class TwoStageDetector : Detector
{
    /// <summary>Builds the detector; arguments are MMDetection's in camelCase.</summary>
    /// <param name="backbone"><c>backbone</c>.</param>
    /// <param name="neck"><c>neck</c>, or null.</param>
    /// <param name="rpnHead"><c>rpn_head</c>: a dense head whose predictions are the proposals (<see cref="RPNHead"/>).</param>
    /// <param name="roiHead"><c>roi_head</c>: any <see cref="RoIHeads.RoIHead"/> (one stage or several).</param>
    /// <param name="trainCfg"><c>train_cfg</c>, whose <c>rpn_proposal</c> makes the training proposals (null: the RPN head's
    /// <c>test_cfg</c>); its <c>rpn</c> and <c>rcnn</c> are the heads' own.</param>
    /// <param name="dataPreprocessor"><c>data_preprocessor</c>.</param>
    public TwoStageDetector(Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead rpnHead, RoIHead roiHead,
        TwoStageTrainConfig? trainCfg = null, DetDataPreprocessor? dataPreprocessor = null)
        : this(nameof(TwoStageDetector), backbone, neck, rpnHead, roiHead, trainCfg, dataPreprocessor)
    {
    }

    /// <summary>For derived detectors: the same, under another module name.</summary>
    protected TwoStageDetector(string name, Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead rpnHead, RoIHead roiHead,
        TwoStageTrainConfig? trainCfg, DetDataPreprocessor? dataPreprocessor)
        : base(name, backbone, neck, dataPreprocessor)
    {
        RpnHead = rpnHead;
        RoiHead = roiHead;
        register_module("rpn_head", rpnHead);
        register_module("roi_head", roiHead);
        TrainCfg = trainCfg;
    }

    /// <summary><c>rpn_head</c>.</summary>
    public DenseHead RpnHead { get; }

    /// <summary><c>roi_head</c>.</summary>
    public RoIHead RoiHead { get; }

    /// <summary><c>train_cfg</c> (its <c>rpn_proposal</c> makes the training proposals), or null.</summary>
    public TwoStageTrainConfig? TrainCfg { get; }

    /// <inheritdoc/>
    public override DenseHeadOutputs ForwardDense(Tensor inputs) => RpnHead.call(ExtractFeat(inputs));

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, Tensor> Losses(PreprocessedBatch data)
    {
        var x = ExtractFeat(data.Inputs);
        // The RPN is class-agnostic: every ground truth is an object of class 0.
        var rpnSamples = data.Samples.Select(s => s with
        {
            GtInstances = s.GtInstances is { } gt ? new InstanceData(gt.Bboxes, zeros_like(gt.Labels), gt.Scores, gt.Masks) : null,
        }).ToList();
        var (rpnLosses, proposals) = RpnHead.LossAndPredict(x, rpnSamples, TrainCfg?.RpnProposal ?? RpnHead.TestCfg);
        var losses = new Dictionary<string, Tensor>(rpnLosses);
        foreach (var (name, loss) in RoiHead.Loss(x, proposals, data.Samples)) losses[name] = loss;
        return losses;
    }

    /// <inheritdoc/>
    /// <remarks>A backend's mask probabilities (n×M×M, Mask R-CNN and Cascade Mask R-CNN) are pasted into the image by the RoI
    /// head (<see cref="RoIHead.PasteMaskProbabilities"/>), with the boxes rescaled, as it does with its own.</remarks>
    protected override InstanceData FinishBackendResult(InstanceData result, ImageMeta meta, bool rescale)
    {
        if (result.Masks is null || !RoiHead.WithMask) return base.FinishBackendResult(result, meta, rescale);
        return RoiHead.PasteMaskProbabilities(new InstanceData(result.Bboxes, result.Labels, result.Scores), result.Masks, meta, rescale);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<InstanceData> Predictions(PreprocessedBatch data, bool rescale)
    {
        var x = ExtractFeat(data.Inputs);
        var proposals = RpnHead.Predict(x, data.Metas, rescale: false);
        return RoiHead.Predict(x, proposals, data.Metas, rescale);
    }
}
