using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection 3.x's <c>CascadeRoIHead</c> (Cascade R-CNN, and Cascade Mask R-CNN with a mask branch): <c>num_stages</c>
/// box heads (and mask heads), each trained on the boxes the previous stage refined, with its own assigner and sampler
/// (<c>train_cfg.rcnn[i]</c>, rising IoU thresholds) and loss weight (<c>stage_loss_weights[i]</c>).
/// </summary>
/// <remarks>
/// Training, per stage <c>i</c>: assign and sample the current boxes, run <c>bbox_head[i]</c>, report its losses as
/// <c>s{i}.loss_cls</c>, <c>s{i}.acc</c>, <c>s{i}.loss_bbox</c> (losses times the stage's weight, accuracy as it is),
/// then, without gradients, <c>refine_bboxes</c>: each sampled RoI regressed by its target class (the predicted class
/// for negatives), sampled ground truths dropped. Inference: every stage refines the RoIs by its predicted class; the
/// class scores of all stages are averaged and the last head's <c>predict_by_feat</c> decodes its deltas on the RoIs it
/// saw. One RoI extractor serves every stage (MMDetection's single <c>bbox_roi_extractor</c> dict). With mask heads (one
/// per stage, <c>mask_head.i</c>): each stage's mask head is trained on its stage's positives (<c>s{i}.loss_mask</c>, times
/// the stage's weight); at inference every stage's mask head runs on the final detections, their probabilities are
/// averaged (<c>merge_aug_masks</c>) and the last mask head pastes them (<c>activate_map</c>).
/// </remarks>
public sealed class CascadeRoIHead : RoIHead
{
    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="numStages"><c>num_stages</c>.</param>
    /// <param name="stageLossWeights"><c>stage_loss_weights</c>, one per stage.</param>
    /// <param name="bboxRoiExtractor"><c>bbox_roi_extractor</c>, shared by the stages.</param>
    /// <param name="bboxHead"><c>bbox_head</c>, one per stage.</param>
    /// <param name="maskRoiExtractor"><c>mask_roi_extractor</c>, shared by the stages; null shares the box extractor.</param>
    /// <param name="maskHead"><c>mask_head</c>, one per stage; null or empty: no mask branch.</param>
    /// <param name="trainCfg"><c>train_cfg</c> (the detector's <c>train_cfg.rcnn</c>), one per stage; null or empty: none.</param>
    /// <param name="testCfg"><c>test_cfg</c> (the detector's <c>test_cfg.rcnn</c>).</param>
    public CascadeRoIHead(int numStages, IReadOnlyList<double> stageLossWeights, SingleRoIExtractor bboxRoiExtractor, IReadOnlyList<BBoxHead> bboxHead,
        SingleRoIExtractor? maskRoiExtractor = null, IReadOnlyList<FCNMaskHead>? maskHead = null, IReadOnlyList<RcnnTrainConfig>? trainCfg = null,
        RcnnTestConfig? testCfg = null)
        : base(nameof(CascadeRoIHead))
    {
        if (numStages < 1) throw new ArgumentOutOfRangeException(nameof(numStages), numStages, "num_stages must be at least 1.");
        if (stageLossWeights.Count != numStages)
            throw new ArgumentException($"stage_loss_weights has {stageLossWeights.Count} item(s) for {numStages} stage(s).", nameof(stageLossWeights));
        if (bboxHead.Count != numStages) throw new ArgumentException($"bbox_head has {bboxHead.Count} item(s) for {numStages} stage(s).", nameof(bboxHead));
        NumStages = numStages;
        StageLossWeights = [.. stageLossWeights];
        BboxRoiExtractor = bboxRoiExtractor;
        BboxHead = [.. bboxHead];
        Add("bbox_head", nn.ModuleList<BBoxHead>([.. bboxHead]));
        if (maskHead is { Count: > 0 })
        {
            if (maskHead.Count != numStages) throw new ArgumentException($"mask_head has {maskHead.Count} item(s) for {numStages} stage(s).", nameof(maskHead));
            MaskHead = [.. maskHead];
            MaskRoiExtractor = maskRoiExtractor ?? bboxRoiExtractor;
            Add("mask_head", nn.ModuleList<FCNMaskHead>([.. maskHead]));
        }
        TrainCfg = trainCfg is { Count: > 0 } ? StageSettings(trainCfg) : null;
        TestCfg = testCfg;
    }

    /// <inheritdoc/>
    public override int NumStages { get; }

    /// <inheritdoc/>
    public override bool WithMask => MaskHead is not null;

    /// <inheritdoc/>
    public override SingleRoIExtractor? MaskRoiExtractor { get; }

    /// <summary><c>mask_head</c>, one per stage, or null.</summary>
    public IReadOnlyList<FCNMaskHead>? MaskHead { get; }

    /// <summary><c>stage_loss_weights</c>.</summary>
    public IReadOnlyList<double> StageLossWeights { get; }

    /// <summary><c>bbox_roi_extractor</c>.</summary>
    public SingleRoIExtractor BboxRoiExtractor { get; }

    /// <summary><c>bbox_head</c>, one per stage.</summary>
    public IReadOnlyList<BBoxHead> BboxHead { get; }

    /// <summary><c>train_cfg</c>, one per stage (the detector's <c>train_cfg.rcnn</c>), or null.</summary>
    public IReadOnlyList<RcnnTrainConfig>? TrainCfg { get; }

    /// <summary><c>test_cfg</c> (the detector's <c>test_cfg.rcnn</c>), or null.</summary>
    public RcnnTestConfig? TestCfg { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Tensor> Loss(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<DetDataSample> samples)
    {
        var cfgs = TrainCfg ?? throw new InvalidOperationException("CascadeRoIHead has no train_cfg; give the detector one.");
        var gts = RoISampling.GroundTruths(samples);
        IReadOnlyList<Tensor> boxes = [.. rpnResults.Select(r => r.Bboxes)];
        var losses = new Dictionary<string, Tensor>();
        for (int stage = 0; stage < NumStages; stage++)
        {
            var head = BboxHead[stage];
            var samplingResults = RoISampling.Sample(cfgs[stage], boxes, gts, samples);
            var rois = Rois.FromBoxes([.. samplingResults.Select(s => s.Priors)]);
            var (clsScore, bboxPred) = head.call(BboxRoiExtractor.Forward(x, rois));
            using var weight = StageLossWeights[stage].ToScalar();
            foreach (var (name, value) in head.Loss(clsScore, bboxPred, rois, samplingResults, cfgs[stage]))
                losses[$"s{stage}.{name}"] = name.Contains("loss", StringComparison.Ordinal) ? value.mul(weight) : value;
            if (MaskHead is { } maskHeads)
            {
                var posRois = Rois.FromBoxes([.. samplingResults.Select(s => s.PosPriors)]);
                var maskPreds = maskHeads[stage].call(MaskRoiExtractor!.Forward(x, posRois));
                losses[$"s{stage}.loss_mask"] = maskHeads[stage].Loss(maskPreds, samplingResults, gts, cfgs[stage]).mul(weight);
            }
            if (stage < NumStages - 1)
            {
                if (clsScore.numel() == 0) { foreach (var s in samplingResults) s.Dispose(); break; }
                using var noGrad = no_grad();
                boxes = RefineBboxes(head, samplingResults, cfgs[stage], rois, clsScore, bboxPred, [.. samples.Select(s => s.Meta)]);
            }
            foreach (var s in samplingResults) s.Dispose();
        }
        return losses;
    }

    /// <summary>
    /// MMDetection's <c>BBoxHead.refine_bboxes</c>: the sampled RoIs regressed by their target class (the predicted class
    /// for background), per image, without the ground truths the sampler added.
    /// </summary>
    static IReadOnlyList<Tensor> RefineBboxes(BBoxHead head, IReadOnlyList<SamplingResult> samplingResults, RcnnTrainConfig cfg, Tensor rois, Tensor clsScore,
        Tensor bboxPred, IReadOnlyList<ImageMeta> metas)
    {
        var labels = head.GetTargets(samplingResults, cfg).Labels;
        using var background = ((long)head.NumClasses).ToScalar();
        labels = where(labels.eq(background), clsScore[.., ..^1].argmax(1), labels);
        long[] counts = [.. samplingResults.Select(s => s.PosPriors.shape[0] + s.NegPriors.shape[0])];
        var roiSplits = rois.split(counts);
        var labelSplits = labels.split(counts);
        var predSplits = bboxPred.split(counts);
        var refined = new Tensor[metas.Count];
        for (int i = 0; i < metas.Count; i++)
        {
            var bboxes = head.RegressByClass(roiSplits[i][.., 1..], labelSplits[i], predSplits[i], metas[i]);
            // Positives come first; drop those that are ground truths the sampler added.
            var keep = ones(counts[i], dtype: ScalarType.Bool, device: rois.device);
            var posIsGt = samplingResults[i].PosIsGt;
            if (posIsGt.numel() > 0) keep[..(int)posIsGt.shape[0]] = posIsGt.to(ScalarType.Bool).logical_not();
            refined[i] = bboxes[keep];
        }
        return refined;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<InstanceData> Predict(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<ImageMeta> metas, bool rescale)
    {
        var cfg = TestCfg ?? throw new InvalidOperationException("CascadeRoIHead has no test_cfg; give the detector one.");
        var rois = Rois.FromBoxes([.. rpnResults.Select(r => r.Bboxes)]);
        if (rois.shape[0] == 0) return [.. metas.Select(_ => InstanceData.Empty(rois.device, withScores: true))];
        long[] counts = [.. rpnResults.Select(r => (long)r.Count)];
        var scoreSum = default(Tensor);
        var bboxPred = default(Tensor);
        for (int stage = 0; stage < NumStages; stage++)
        {
            var head = BboxHead[stage];
            (var clsScore, bboxPred) = head.call(BboxRoiExtractor.Forward(x, rois));
            scoreSum = scoreSum is null ? clsScore : scoreSum.add(clsScore, Scalars.One);
            if (stage == NumStages - 1) break;
            // _refine_roi: each RoI regressed by its predicted class (background excluded), image by image.
            var labels = clsScore[.., ..^1].argmax(1);
            var roiSplits = rois.split(counts);
            var labelSplits = labels.split(counts);
            var predSplits = bboxPred.split(counts);
            rois = cat([.. metas.Select((meta, i) =>
                cat([roiSplits[i][.., ..1], head.RegressByClass(roiSplits[i][.., 1..], labelSplits[i], predSplits[i], meta)], 1))]);
        }
        using var stages = ((double)NumStages).ToScalar();
        var clsSplits = scoreSum!.div(stages).split(counts);
        var finalRois = rois.split(counts);
        var bboxSplits = bboxPred!.split(counts);
        var last = BboxHead[^1];
        IReadOnlyList<InstanceData> results = [.. metas.Select((meta, i) => last.PredictByFeatSingle(finalRois[i], clsSplits[i], bboxSplits[i], meta, cfg, rescale && !WithMask))];
        return WithMask ? PredictMask(x, results, metas, cfg, rescale) : results;
    }

    /// <inheritdoc/>
    /// <remarks>The probabilities are those every stage's mask head averaged; the last mask head pastes them, as <see cref="Predict"/> does.</remarks>
    public override InstanceData PasteMaskProbabilities(InstanceData detections, Tensor probabilities, ImageMeta meta, bool rescale) =>
        (MaskHead ?? throw new InvalidOperationException("CascadeRoIHead has no mask heads to paste masks with."))[^1].PredictByFeatSingle(probabilities.unsqueeze(1),
            detections, meta, TestCfg ?? throw new InvalidOperationException("CascadeRoIHead has no test_cfg; give the detector one."), rescale, activateMap: true);

    /// <summary>MMDetection's cascade <c>predict_mask</c>: every stage's mask head on the detections, probabilities averaged.</summary>
    IReadOnlyList<InstanceData> PredictMask(Tensor[] x, IReadOnlyList<InstanceData> results, IReadOnlyList<ImageMeta> metas, RcnnTestConfig cfg, bool rescale)
    {
        var heads = MaskHead!;
        var maskRois = Rois.FromBoxes([.. results.Select(r => r.Bboxes)]);
        if (maskRois.shape[0] == 0)
            return [.. results.Select((r, i) => heads[^1].PredictByFeatSingle(zeros(0, 1, 1, 1, device: maskRois.device), r, metas[i], cfg, rescale, activateMap: true))];
        var features = MaskRoiExtractor!.Forward(x, maskRois);
        var probs = default(Tensor);
        foreach (var head in heads)
        {
            var stageProbs = head.call(features).sigmoid();
            probs = probs is null ? stageProbs : probs.add(stageProbs, Scalars.One);
        }
        using var stages = ((double)heads.Count).ToScalar();
        var merged = probs!.div(stages).split([.. results.Select(r => (long)r.Count)]);
        return [.. results.Select((r, i) => heads[^1].PredictByFeatSingle(merged[i], r, metas[i], cfg, rescale, activateMap: true))];
    }
}
