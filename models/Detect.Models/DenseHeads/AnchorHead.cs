using Detect.Models.Losses;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.DenseHeads;

/// <summary>
/// MMDetection's <c>AnchorHead</c>: the training path of anchor-based dense heads (RPN, RetinaNet). Anchors
/// inside each image (<c>allowed_border</c>) are assigned to ground truths, sampled, and turned into per-level
/// classification and regression targets; the losses of every level are averaged over the batch's
/// <c>avg_factor</c> (or, with <see cref="LossNormalization.PerImagePositives"/>, over each image's positives, then the
/// images) and summed.
/// </summary>
public abstract class AnchorHead : DenseHead
{
    /// <summary>Sets the anchor head's parts; arguments are MMDetection's.</summary>
    /// <remarks>Heads with a conv per level (SSD's) may have a different anchor count per level: <paramref name="uniformPriors"/> false.</remarks>
    protected AnchorHead(string name, int numClasses, IPriorGenerator anchorGenerator, IBBoxCoder bboxCoder, DetectionLoss lossCls,
        DetectionLoss lossBbox, bool regDecodedBbox, DenseTrainConfig? trainCfg, DenseTestConfig? testCfg, bool uniformPriors = true)
        : base(name, numClasses, anchorGenerator, bboxCoder, lossCls, lossBbox, trainCfg, testCfg)
    {
        RegDecodedBbox = regDecodedBbox;
        if (uniformPriors && anchorGenerator.NumBasePriors.Distinct().Count() != 1)
            throw new ArgumentException("Every level must have the same number of anchors per cell.", nameof(anchorGenerator));
    }

    /// <summary><c>reg_decoded_bbox</c>: the box loss compares decoded boxes (IoU losses) instead of deltas.</summary>
    public bool RegDecodedBbox { get; }

    /// <summary>Anchors per feature-map cell (<c>num_base_priors</c>).</summary>
    public int NumBasePriors => PriorGenerator.NumBasePriors[0];

    /// <summary>Loss names of <see cref="LossByFeat"/> (the RPN renames them).</summary>
    protected virtual (string Cls, string Bbox) LossNames => ("loss_cls", "loss_bbox");

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> LossByFeat(DenseHeadOutputs outs, IReadOnlyList<DetDataSample> samples)
    {
        var trainCfg = TrainCfg ?? throw new InvalidOperationException($"{GetType().Name} has no train_cfg; give the detector one.");
        var sizes = outs.FeatmapSizes;
        var device = outs.ClsScores[0].device;
        var anchors = Priors(sizes, samples[0].Meta, ScalarType.Float32, device);
        var targets = GetTargets(anchors, sizes, samples, trainCfg);

        Tensor? lossCls = null, lossBbox = null;
        for (int level = 0; level < anchors.Length; level++)
        {
            var (cls, box) = LossByFeatSingle(outs.ClsScores[level], outs.BboxPreds[level], anchors[level], targets, level);
            lossCls = lossCls is null ? cls : lossCls.add(cls, Scalars.One);
            lossBbox = lossBbox is null ? box : lossBbox.add(box, Scalars.One);
        }
        return new Dictionary<string, Tensor> { [LossNames.Cls] = lossCls!, [LossNames.Bbox] = lossBbox! };
    }

    /// <summary>MMDetection's <c>get_targets</c>: targets of every image, split into levels.</summary>
    public AnchorTargets GetTargets(Tensor[] anchors, IReadOnlyList<(int Height, int Width)> featmapSizes, IReadOnlyList<DetDataSample> samples, DenseTrainConfig trainCfg)
    {
        var flatAnchors = cat(anchors);
        long[] levelSizes = [.. anchors.Select(a => a.shape[0])];
        var perImage = samples.Select(sample =>
        {
            var validFlags = cat(PriorGenerator.ValidFlags(featmapSizes, sample.Meta.PadShape, flatAnchors.device));
            return GetTargetsSingle(flatAnchors, levelSizes, validFlags, sample, trainCfg);
        }).ToList();
        bool perImagePositives = trainCfg.LossNormalization == LossNormalization.PerImagePositives;
        if (perImagePositives)
            perImage = [.. perImage.Select(t => t.Scaled(1.0 / ((double)t.NumPos * perImage.Count)))];
        Tensor[] ToLevels(Func<ImageTargets, Tensor> pick) => stack(perImage.Select(pick)).split(levelSizes, 1);
        return new AnchorTargets(ToLevels(t => t.Labels), ToLevels(t => t.LabelWeights), ToLevels(t => t.BboxTargets),
            ToLevels(t => t.BboxWeights), perImagePositives ? null : perImage.Sum(t => t.AvgFactor));
    }

    /// <summary>One image's targets for all its anchors (MMDetection's <c>_get_targets_single</c>, unmapped).</summary>
    ImageTargets GetTargetsSingle(Tensor flatAnchors, long[] levelSizes, Tensor validFlags, DetDataSample sample, DenseTrainConfig trainCfg)
    {
        var gt = sample.GtInstances ?? throw new ArgumentException($"{sample.Meta.ImgPath}: training needs ground-truth instances.");
        var inside = AnchorInsideFlags.Compute(flatAnchors, validFlags, sample.Meta.ImgShape, trainCfg.AllowedBorder);
        if (!inside.any().item<bool>())
            throw new InvalidOperationException(
                $"{sample.Meta.ImgPath}: no anchor lies inside the image {sample.Meta.ImgShape}; check the image and anchor sizes, or set allowed_border to -1.");
        var insideIdx = inside.nonzero().squeeze(1);
        var anchors = flatAnchors.index_select(0, insideIdx);

        // Level-aware assigners (ATSS) take the inside anchors per level: MMDetection's get_num_level_anchors_inside.
        int[] levelInside = [.. inside.split(levelSizes).Select(level => (int)level.sum().item<long>())];
        using var assign = trainCfg.Assigner.Assign(anchors, gt.Bboxes, gt.Labels, sample.IgnoredInstances?.Bboxes, levelInside);
        using var sampling = trainCfg.Sampler.Sample(assign, anchors, gt.Bboxes, gt.Labels);
        long n = anchors.shape[0], total = flatAnchors.shape[0];
        using var background = ((long)NumClasses).ToScalar();
        var labels = full(n, background, dtype: ScalarType.Int64, device: anchors.device);
        var labelWeights = zeros(n, device: anchors.device);
        var bboxTargets = zeros(n, 4, device: anchors.device);
        var bboxWeights = zeros(n, 4, device: anchors.device);
        var pos = sampling.PosInds;
        if (pos.numel() > 0)
        {
            var posTargets = RegDecodedBbox ? sampling.PosGtBboxes : BboxCoder.Encode(sampling.PosPriors, sampling.PosGtBboxes);
            bboxTargets = bboxTargets.index_copy(0, pos, posTargets.to(ScalarType.Float32));
            using var posWeight = (trainCfg.PosWeight <= 0 ? 1.0 : trainCfg.PosWeight).ToScalar();
            bboxWeights = bboxWeights.index_fill(0, pos, Scalars.One);
            labels = labels.index_copy(0, pos, sampling.PosGtLabels);
            labelWeights = labelWeights.index_fill(0, pos, posWeight);
        }
        if (sampling.NegInds.numel() > 0) labelWeights = labelWeights.index_fill(0, sampling.NegInds, Scalars.OneDouble);

        // unmap: back to every anchor, background / zero weight outside the image.
        return new ImageTargets(
            full(total, background, dtype: ScalarType.Int64, device: anchors.device).index_copy(0, insideIdx, labels),
            zeros(total, device: anchors.device).index_copy(0, insideIdx, labelWeights),
            zeros(total, 4, device: anchors.device).index_copy(0, insideIdx, bboxTargets),
            zeros(total, 4, device: anchors.device).index_copy(0, insideIdx, bboxWeights),
            sampling.AvgFactor, sampling.NumPos);
    }

    /// <summary>MMDetection's <c>loss_by_feat_single</c>: one level's classification and box losses for the whole batch.</summary>
    (Tensor Cls, Tensor Bbox) LossByFeatSingle(Tensor clsScore, Tensor bboxPred, Tensor anchors, AnchorTargets targets, int level)
    {
        var labels = targets.Labels[level].reshape(-1);
        var labelWeights = targets.LabelWeights[level].reshape(-1);
        var scores = clsScore.permute(0, 2, 3, 1).reshape(-1, ClsOutChannels);
        // Without an avg_factor the weights already hold the normalisation (torchvision's per-image one): sum.
        Reduction? reduction = targets.AvgFactor is null ? Reduction.Sum : null;
        var lossCls = LossCls.Forward(scores, labels, labelWeights, targets.AvgFactor, reduction);

        var bboxTargets = targets.BboxTargets[level].reshape(-1, 4);
        var bboxWeights = targets.BboxWeights[level].reshape(-1, 4);
        var pred = bboxPred.permute(0, 2, 3, 1).reshape(-1, BboxCoder.EncodeSize);
        if (RegDecodedBbox)
            pred = BboxCoder.Decode(anchors.repeat(clsScore.shape[0], 1), pred);
        var lossBbox = LossBbox.Forward(pred, bboxTargets, bboxWeights, targets.AvgFactor, reduction);
        return (lossCls, lossBbox);
    }

    sealed record ImageTargets(Tensor Labels, Tensor LabelWeights, Tensor BboxTargets, Tensor BboxWeights, int AvgFactor, int NumPos)
    {
        /// <summary>The same targets with both weights multiplied by <paramref name="factor"/>.</summary>
        public ImageTargets Scaled(double factor)
        {
            using Scalar f = factor;
            return this with { LabelWeights = LabelWeights.mul(f), BboxWeights = BboxWeights.mul(f) };
        }
    }
}
