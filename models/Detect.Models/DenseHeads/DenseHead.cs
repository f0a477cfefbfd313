using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.PostProcessing;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.DenseHeads;

/// <summary>
/// What MMDetection's dense heads share (<c>BaseDenseHead</c>): a forward from pyramid features to per-level
/// class scores and box predictions, <c>loss</c>, <c>loss_and_predict</c> (two-stage training) and <c>predict</c>
/// with the test-time post-processing of <c>predict_by_feat</c> and <c>_bbox_post_process</c>.
/// </summary>
/// <remarks>
/// Post-processing per image and level: class scores (sigmoid, or softmax without the background column) above
/// <c>score_thr</c>, the <c>nms_pre</c> best of them, their priors decoded and clipped to the image; then, over
/// all levels: rescale to the original image, multiply by score factors (centerness), drop boxes not larger than
/// <c>min_bbox_size</c>, per-class NMS, keep <c>max_per_img</c>. Heads run inside the detector's dispose scope.
/// </remarks>
public abstract class DenseHead : DetectModule<Tensor[], DenseHeadOutputs>
{
    /// <summary>Sets the parts every dense head has.</summary>
    protected DenseHead(string name, int numClasses, IPriorGenerator priorGenerator, IBBoxCoder bboxCoder, DetectionLoss lossCls,
        DetectionLoss lossBbox, DenseTrainConfig? trainCfg, DenseTestConfig? testCfg)
        : base(name)
    {
        NumClasses = numClasses > 0 ? numClasses : throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "num_classes must be positive.");
        PriorGenerator = priorGenerator;
        BboxCoder = bboxCoder;
        LossCls = lossCls;
        LossBbox = lossBbox;
        TrainCfg = trainCfg;
        TestCfg = testCfg;
    }

    /// <summary><c>num_classes</c> (background excluded).</summary>
    public int NumClasses { get; }

    /// <summary>The anchor or point generator (<c>prior_generator</c>).</summary>
    public IPriorGenerator PriorGenerator { get; }

    /// <summary><c>bbox_coder</c>.</summary>
    public IBBoxCoder BboxCoder { get; }

    /// <summary><c>loss_cls</c>.</summary>
    public DetectionLoss LossCls { get; }

    /// <summary><c>loss_bbox</c>.</summary>
    public DetectionLoss LossBbox { get; }

    /// <summary>
    /// <c>train_cfg</c>: a one-stage detector's <c>train_cfg</c>, a two-stage one's <c>train_cfg.rpn</c> (the generated
    /// <c>Build()</c> hands it over, as MMDetection updates the head's config before building it).
    /// </summary>
    public DenseTrainConfig? TrainCfg { get; }

    /// <summary><c>test_cfg</c>: a one-stage detector's <c>test_cfg</c>, a two-stage one's <c>test_cfg.rpn</c>.</summary>
    public DenseTestConfig? TestCfg { get; }

    /// <summary>Whether classes are scored by sigmoids (no background column) rather than a softmax.</summary>
    public bool UseSigmoidCls => LossCls is FocalLoss || LossCls is CrossEntropyLoss { UseSigmoid: true };

    /// <summary>Class-score channels per prior: <c>num_classes</c>, plus one for the background with a softmax.</summary>
    public int ClsOutChannels => UseSigmoidCls ? NumClasses : NumClasses + 1;

    /// <summary>MMDetection's <c>loss</c>: forward, then the losses against each sample's ground truth.</summary>
    public IReadOnlyDictionary<string, Tensor> Loss(Tensor[] x, IReadOnlyList<DetDataSample> samples) =>
        LossByFeat(call(x), samples);

    /// <summary>MMDetection's <c>loss_and_predict</c>: losses, and the (detached) predictions under <paramref name="proposalCfg"/>.</summary>
    public (IReadOnlyDictionary<string, Tensor> Losses, IReadOnlyList<InstanceData> Predictions) LossAndPredict(
        Tensor[] x, IReadOnlyList<DetDataSample> samples, DenseTestConfig? proposalCfg)
    {
        var outs = call(x);
        var losses = LossByFeat(outs, samples);
        return (losses, PredictByFeat(outs, [.. samples.Select(s => s.Meta)], proposalCfg, rescale: false));
    }

    /// <summary>MMDetection's <c>predict</c>: forward and post-process, one result per image.</summary>
    public IReadOnlyList<InstanceData> Predict(Tensor[] x, IReadOnlyList<ImageMeta> metas, bool rescale) =>
        PredictByFeat(call(x), metas, TestCfg, rescale);

    /// <summary>MMDetection's <c>loss_by_feat</c>: the losses of the head's outputs against the samples' ground truth.</summary>
    public abstract IReadOnlyDictionary<string, Tensor> LossByFeat(DenseHeadOutputs outs, IReadOnlyList<DetDataSample> samples);

    /// <summary>MMDetection's <c>predict_by_feat</c>.</summary>
    /// <param name="outs">The head's outputs.</param>
    /// <param name="metas">Metainfo of every image (with <c>batch_input_shape</c>).</param>
    /// <param name="cfg">Test settings; null: <see cref="TestCfg"/>.</param>
    /// <param name="rescale">Map boxes back to the original image.</param>
    /// <param name="withNms">Apply NMS and <c>max_per_img</c>.</param>
    public IReadOnlyList<InstanceData> PredictByFeat(DenseHeadOutputs outs, IReadOnlyList<ImageMeta> metas, DenseTestConfig? cfg,
        bool rescale, bool withNms = true)
    {
        cfg ??= TestCfg ?? throw new InvalidOperationException($"{GetType().Name} has no test_cfg; give the detector one.");
        var sizes = outs.FeatmapSizes;
        var priors = Priors(sizes, metas[0], outs.ClsScores[0].dtype, outs.ClsScores[0].device);
        var results = new List<InstanceData>(metas.Count);
        for (int i = 0; i < metas.Count; i++)
        {
            using var scope = NewDisposeScope();
            results.Add(PredictByFeatSingle(Select(outs.ClsScores, i), Select(outs.BboxPreds, i),
                outs.ScoreFactors is null ? null : Select(outs.ScoreFactors, i), priors, metas[i], cfg, rescale, withNms).MoveToOuterDisposeScope());
        }
        return results;
    }

    /// <summary>
    /// The priors of every level for a batch: the generator's grid, with torchvision's batch-measured strides when it
    /// measures them (<see cref="IPriorGenerator.ForBatch"/>).
    /// </summary>
    protected Tensor[] Priors(IReadOnlyList<(int Height, int Width)> featmapSizes, ImageMeta meta, ScalarType dtype, Device device)
    {
        var batchShape = meta.BatchInputShape ?? meta.PadShape;
        return PriorGenerator.ForBatch(batchShape, featmapSizes).GridPriors(featmapSizes, dtype, device);
    }

    /// <summary>
    /// MMDetection's <c>_predict_by_feat_single</c> for one image: per level the candidates of <see cref="SelectCandidates"/>,
    /// their boxes decoded and clipped to the image, then <see cref="BboxPostProcess"/>.
    /// </summary>
    InstanceData PredictByFeatSingle(Tensor[] clsScores, Tensor[] bboxPreds, Tensor[]? scoreFactors, Tensor[] priors,
        ImageMeta meta, DenseTestConfig cfg, bool rescale, bool withNms)
    {
        var levels = clsScores.Select((cls, level) => SelectCandidates(cls, scoreFactors?[level], level, cfg)).ToList();
        var deltas = cat(levels.Select((c, level) => bboxPreds[level].permute(1, 2, 0).reshape(-1, BboxCoder.EncodeSize).index_select(0, c.Rows)).ToArray());
        var levelPriors = cat(levels.Select((c, level) => priors[level].index_select(0, c.Rows)).ToArray());
        var bboxes = BboxCoder.Decode(levelPriors, deltas, meta.ImgShape);
        var candidates = new InstanceData(bboxes, cat(levels.Select(c => c.Labels).ToArray()), cat(levels.Select(c => c.Scores).ToArray()));
        var factors = levels[0].Factors is null ? null : cat(levels.Select(c => c.Factors!).ToArray());
        if (cfg.NmsPrePerClass && cfg.NmsPre > 0)
        {
            var keep = TopkPerClass(candidates.Labels, candidates.Scores!, cfg.NmsPre);
            candidates = new InstanceData(bboxes.index_select(0, keep), candidates.Labels.index_select(0, keep), candidates.Scores!.index_select(0, keep));
            factors = factors?.index_select(0, keep);
        }
        return BboxPostProcess(candidates, factors, cfg, rescale, withNms, meta);
    }

    /// <summary>
    /// One level's candidates for post-processing (MMDetection's <c>filter_scores_and_topk</c>): the (prior, class) scores
    /// above <c>score_thr</c>, the <c>nms_pre</c> best of them, with their prior rows, labels and score factors.
    /// </summary>
    protected virtual LevelCandidates SelectCandidates(Tensor clsScore, Tensor? scoreFactor, int level, DenseTestConfig cfg)
    {
        var (scores, factors) = LevelScores(clsScore, scoreFactor);
        var (kept, labels, rows) = ScoreFilter.Apply(scores, cfg.ScoreThr, cfg.NmsPrePerClass ? -1 : cfg.NmsPre);
        return new LevelCandidates(rows, kept, labels, factors?.index_select(0, rows));
    }

    /// <summary>
    /// One level's scores (prior × class, from an A·C×H×W logit map) used for thresholding and ranking, and the per-prior
    /// factors multiplied into them after ranking (from the level's score-factor map, sigmoid), if any.
    /// </summary>
    protected virtual (Tensor Scores, Tensor? Factors) LevelScores(Tensor clsScore, Tensor? scoreFactor)
    {
        var logits = clsScore.permute(1, 2, 0).reshape(-1, ClsOutChannels);
        var scores = UseSigmoidCls ? logits.sigmoid() : logits.softmax(-1)[.., ..^1];
        return (scores, scoreFactor?.permute(1, 2, 0).reshape(-1).sigmoid());
    }

    /// <summary>
    /// torchvision SSD's candidates: per class (in increasing order) its <paramref name="k"/> best scores over all levels, best
    /// first. Returns the rows kept.
    /// </summary>
    static Tensor TopkPerClass(Tensor labels, Tensor scores, int k)
    {
        var byScore = scores.sort(0, descending: true, stable: true).Indices;
        var order = byScore.index_select(0, labels.index_select(0, byScore).sort(0, stable: true).Indices);
        var sortedLabels = labels.index_select(0, order);
        var counts = sortedLabels.bincount(null, 0);
        var starts = counts.cumsum(0).sub(counts);
        var rank = Ranges.Arange(order.shape[0], ScalarType.Int64, order.device).sub(starts.index_select(0, sortedLabels));
        using var limit = ((long)k).ToScalar();
        return order.masked_select(rank.lt(limit));
    }

    /// <summary>MMDetection's <c>_bbox_post_process</c>: rescale, score factors, small boxes, NMS, <c>max_per_img</c>.</summary>
    protected virtual InstanceData BboxPostProcess(InstanceData results, Tensor? scoreFactors, DenseTestConfig cfg, bool rescale, bool withNms, ImageMeta meta)
    {
        var bboxes = rescale ? Rescale(results.Bboxes, meta) : results.Bboxes;
        var scores = scoreFactors is null ? results.Scores! : results.Scores! * scoreFactors;
        var labels = results.Labels;
        if (cfg.MinBboxSize >= 0)
        {
            var valid = SizeAbove(bboxes, cfg.MinBboxSize);
            (bboxes, scores, labels) = (bboxes[valid], scores[valid], labels[valid]);
        }
        if (!withNms || bboxes.shape[0] == 0) return new InstanceData(bboxes, labels, scores);
        // MMDetection takes the scores from batched_nms's dets: soft-NMS lowers them.
        var (keep, kept) = BatchedNms.Apply(bboxes, scores, labels, cfg.Nms);
        if (cfg.MaxPerImg > 0 && keep.shape[0] > cfg.MaxPerImg) (keep, kept) = (keep[..cfg.MaxPerImg], kept[..cfg.MaxPerImg]);
        var result = new InstanceData(bboxes.index_select(0, keep), labels.index_select(0, keep), kept);
        return cfg.ClipAfterNms ? ClipAndDropEmpty(result, rescale ? meta.OriShape : meta.ImgShape) : result;
    }

    /// <summary>
    /// Detectron2's <c>detector_postprocess</c> after the detector's own top-k: boxes clipped to the image they are on, those left
    /// with no width or height dropped.
    /// </summary>
    /// <param name="results">Detections with scores.</param>
    /// <param name="shape">The image the boxes are on (height, width).</param>
    public static InstanceData ClipAndDropEmpty(InstanceData results, (int Height, int Width) shape)
    {
        var clipped = DeltaNormalization.Clip(results.Bboxes, shape.Width, shape.Height);
        var nonEmpty = SizeAbove(clipped, 0).nonzero().view(-1);
        return new InstanceData(clipped.index_select(0, nonEmpty), results.Labels.index_select(0, nonEmpty), results.Scores!.index_select(0, nonEmpty));
    }

    /// <summary>MMDetection's <c>scale_boxes(bboxes, 1 / scale_factor)</c>: boxes on the original image.</summary>
    public static Tensor Rescale(Tensor bboxes, ImageMeta meta)
    {
        var (w, h) = (1.0 / meta.ScaleFactor.W, 1.0 / meta.ScaleFactor.H);
        return bboxes * tensor(new[] { (float)w, (float)h, (float)w, (float)h }, dtype: bboxes.dtype, device: bboxes.device);
    }

    /// <summary>Boxes wider and taller than <paramref name="minSize"/>.</summary>
    protected static Tensor SizeAbove(Tensor bboxes, double minSize)
    {
        using var min = minSize.ToScalar();
        return (bboxes[.., 2] - bboxes[.., 0]).gt(min).logical_and((bboxes[.., 3] - bboxes[.., 1]).gt(min));
    }

    /// <summary>One level's candidates: the rows of its priors (and box predictions), their scores, labels and score factors.</summary>
    protected sealed record LevelCandidates(Tensor Rows, Tensor Scores, Tensor Labels, Tensor? Factors);

    /// <summary>Image <paramref name="index"/>'s map of every level (MMDetection's <c>select_single_mlvl</c>, detached).</summary>
    protected static Tensor[] Select(Tensor[] levels, int index) => [.. levels.Select(l => l[index].detach())];
}
