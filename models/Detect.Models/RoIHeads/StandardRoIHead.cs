using Detect.Models.Layers;
using Detect.Models.TaskModules.Samplers;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection's <c>StandardRoIHead</c>: the second stage of Faster / Mask R-CNN. Proposals are pooled from the
/// pyramid (<c>bbox_roi_extractor</c>) and classified and refined (<c>bbox_head</c>); with a mask branch, detections
/// (at inference) or positive proposals (in training) are pooled again (<c>mask_roi_extractor</c>, or the box
/// extractor when none is given) and segmented (<c>mask_head</c>).
/// </summary>
/// <remarks>
/// Training: per image, proposals are assigned to ground truths and sampled (<c>train_cfg.rcnn</c>; sampled ground
/// truths join the proposals), then the box head's losses (<c>loss_cls</c>, <c>acc</c>, <c>loss_bbox</c>) and the mask
/// head's (<c>loss_mask</c>). Inference: the box head's detections (not rescaled yet when masks follow), then masks
/// pasted into the original image.
/// </remarks>
public sealed class StandardRoIHead : RoIHead
{
    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="bboxRoiExtractor"><c>bbox_roi_extractor</c>.</param>
    /// <param name="bboxHead"><c>bbox_head</c>.</param>
    /// <param name="maskRoiExtractor"><c>mask_roi_extractor</c>; null shares the box extractor (<c>share_roi_extractor</c>).</param>
    /// <param name="maskHead"><c>mask_head</c>; null: no mask branch.</param>
    /// <param name="trainCfg"><c>train_cfg</c> (the detector's <c>train_cfg.rcnn</c>).</param>
    /// <param name="testCfg"><c>test_cfg</c> (the detector's <c>test_cfg.rcnn</c>).</param>
    public StandardRoIHead(SingleRoIExtractor bboxRoiExtractor, BBoxHead bboxHead, SingleRoIExtractor? maskRoiExtractor = null,
        FCNMaskHead? maskHead = null, RcnnTrainConfig? trainCfg = null, RcnnTestConfig? testCfg = null)
        : base(nameof(StandardRoIHead))
    {
        BboxRoiExtractor = bboxRoiExtractor;
        BboxHead = Add("bbox_head", bboxHead);
        MaskRoiExtractor = maskHead is null ? null : maskRoiExtractor ?? bboxRoiExtractor;
        if (maskHead is not null) MaskHead = Add("mask_head", maskHead);
        TrainCfg = trainCfg;
        TestCfg = testCfg;
    }

    /// <summary><c>bbox_roi_extractor</c>.</summary>
    public SingleRoIExtractor BboxRoiExtractor { get; }

    /// <summary><c>bbox_head</c>.</summary>
    public BBoxHead BboxHead { get; }

    /// <inheritdoc/>
    public override SingleRoIExtractor? MaskRoiExtractor { get; }

    /// <summary><c>mask_head</c>, or null.</summary>
    public FCNMaskHead? MaskHead { get; }

    /// <inheritdoc/>
    public override int NumStages => 1;

    /// <inheritdoc/>
    public override bool WithMask => MaskHead is not null;

    /// <summary><c>train_cfg</c> (the detector's <c>train_cfg.rcnn</c>), or null.</summary>
    public RcnnTrainConfig? TrainCfg { get; }

    /// <summary><c>test_cfg</c> (the detector's <c>test_cfg.rcnn</c>), or null.</summary>
    public RcnnTestConfig? TestCfg { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Tensor> Loss(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<DetDataSample> samples)
    {
        var cfg = TrainCfg ?? throw new InvalidOperationException("StandardRoIHead has no train_cfg; give the detector one.");
        var gts = RoISampling.GroundTruths(samples);
        var samplingResults = RoISampling.Sample(cfg, [.. rpnResults.Select(r => r.Bboxes)], gts, samples);

        var rois = Rois.FromBoxes([.. samplingResults.Select(s => s.Priors)]);
        var (clsScore, bboxPred) = BboxHead.call(BboxRoiExtractor.Forward(x, rois));
        var losses = new Dictionary<string, Tensor>(BboxHead.Loss(clsScore, bboxPred, rois, samplingResults, cfg));
        if (MaskHead is not null)
        {
            var posRois = Rois.FromBoxes([.. samplingResults.Select(s => s.PosPriors)]);
            var maskPreds = MaskHead.call(MaskRoiExtractor!.Forward(x, posRois));
            losses["loss_mask"] = MaskHead.Loss(maskPreds, samplingResults, gts, cfg);
        }
        foreach (var s in samplingResults) s.Dispose();
        return losses;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<InstanceData> Predict(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<ImageMeta> metas, bool rescale)
    {
        var cfg = TestCfg ?? throw new InvalidOperationException("StandardRoIHead has no test_cfg; give the detector one.");
        var results = PredictBbox(x, rpnResults, metas, cfg, rescale && !WithMask);
        return WithMask ? PredictMask(x, results, metas, cfg, rescale) : results;
    }

    /// <inheritdoc/>
    public override InstanceData PasteMaskProbabilities(InstanceData detections, Tensor probabilities, ImageMeta meta, bool rescale) =>
        (MaskHead ?? throw new InvalidOperationException("StandardRoIHead has no mask head to paste masks with.")).PredictByFeatSingle(probabilities.unsqueeze(1),
            detections, meta, TestCfg ?? throw new InvalidOperationException("StandardRoIHead has no test_cfg; give the detector one."), rescale, activateMap: true);

    IReadOnlyList<InstanceData> PredictBbox(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<ImageMeta> metas, RcnnTestConfig cfg, bool rescale)
    {
        var rois = Rois.FromBoxes([.. rpnResults.Select(r => r.Bboxes)]);
        if (rois.shape[0] == 0) return [.. metas.Select(_ => InstanceData.Empty(rois.device, withScores: true))];
        var (clsScore, bboxPred) = BboxHead.call(BboxRoiExtractor.Forward(x, rois));
        long[] counts = [.. rpnResults.Select(r => (long)r.Count)];
        var roiSplits = rois.split(counts);
        var clsSplits = clsScore.split(counts);
        var bboxSplits = bboxPred.split(counts);
        return [.. metas.Select((meta, i) => BboxHead.PredictByFeatSingle(roiSplits[i], clsSplits[i], bboxSplits[i], meta, cfg, rescale))];
    }

    IReadOnlyList<InstanceData> PredictMask(Tensor[] x, IReadOnlyList<InstanceData> results, IReadOnlyList<ImageMeta> metas, RcnnTestConfig cfg, bool rescale)
    {
        var maskRois = Rois.FromBoxes([.. results.Select(r => r.Bboxes)]);
        if (maskRois.shape[0] == 0)
            return [.. results.Select((r, i) => MaskHead!.PredictByFeatSingle(zeros(0, 1, 1, 1, device: maskRois.device), r, metas[i], cfg, rescale))];
        var maskPreds = MaskHead!.call(MaskRoiExtractor!.Forward(x, maskRois)).split([.. results.Select(r => (long)r.Count)]);
        return [.. results.Select((r, i) => MaskHead.PredictByFeatSingle(maskPreds[i], r, metas[i], cfg, rescale))];
    }
}
