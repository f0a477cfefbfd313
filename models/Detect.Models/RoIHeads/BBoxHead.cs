using Detect.Models.DenseHeads;
using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.PostProcessing;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>
/// What MMDetection's RoI box heads share (<c>BBoxHead</c>): from pooled RoI features to class scores (softmax over
/// <c>num_classes</c> + background, background last) and box deltas (4 per class, or 4 with
/// <c>reg_class_agnostic</c>); training targets from sampled proposals; and <c>predict_by_feat</c>: decode every class's
/// box, clip to the image, rescale, then <c>multiclass_nms</c>.
/// </summary>
public abstract class BBoxHead : DetectModule<Tensor, (Tensor ClsScore, Tensor BboxPred)>
{
    /// <summary>Sets the parts every box head has.</summary>
    protected BBoxHead(string name, int numClasses, bool regClassAgnostic, IBBoxCoder? bboxCoder, DetectionLoss? lossCls,
        DetectionLoss? lossBbox, bool regDecodedBbox)
        : base(name)
    {
        NumClasses = numClasses > 0 ? numClasses : throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "num_classes must be positive.");
        RegClassAgnostic = regClassAgnostic;
        BboxCoder = bboxCoder ?? new DeltaXYWHBBoxCoder(targetStds: [0.1, 0.1, 0.2, 0.2]);
        LossCls = lossCls ?? new CrossEntropyLoss();
        LossBbox = lossBbox ?? new L1Loss();
        RegDecodedBbox = regDecodedBbox;
        if (LossCls is CrossEntropyLoss { UseSigmoid: true } or FocalLoss)
            throw new NotSupportedException("RoI box heads score classes with a softmax (background last); use a softmax CrossEntropyLoss.");
    }

    /// <summary><c>num_classes</c> (background excluded).</summary>
    public int NumClasses { get; }

    /// <summary><c>reg_class_agnostic</c>: one box per RoI instead of one per class.</summary>
    public bool RegClassAgnostic { get; }

    /// <summary><c>bbox_coder</c>.</summary>
    public IBBoxCoder BboxCoder { get; }

    /// <summary><c>loss_cls</c>.</summary>
    public DetectionLoss LossCls { get; }

    /// <summary><c>loss_bbox</c>.</summary>
    public DetectionLoss LossBbox { get; }

    /// <summary><c>reg_decoded_bbox</c>.</summary>
    public bool RegDecodedBbox { get; }

    /// <summary>Outputs of <c>fc_cls</c>: classes plus background.</summary>
    protected int ClsOutChannels => NumClasses + 1;

    /// <summary>Outputs of <c>fc_reg</c>.</summary>
    protected int RegOutChannels => RegClassAgnostic ? BboxCoder.EncodeSize : BboxCoder.EncodeSize * NumClasses;

    /// <summary>MMDetection's <c>get_targets</c> (concatenated over images): labels, label weights, box targets and weights of the sampled RoIs, positives first per image.</summary>
    public (Tensor Labels, Tensor LabelWeights, Tensor BboxTargets, Tensor BboxWeights) GetTargets(IReadOnlyList<SamplingResult> samplingResults, RcnnTrainConfig cfg)
    {
        var parts = samplingResults.Select(s => GetTargetsSingle(s, cfg)).ToList();
        return (cat(parts.Select(p => p.Labels).ToArray()), cat(parts.Select(p => p.LabelWeights).ToArray()),
                cat(parts.Select(p => p.BboxTargets).ToArray()), cat(parts.Select(p => p.BboxWeights).ToArray()));
    }

    (Tensor Labels, Tensor LabelWeights, Tensor BboxTargets, Tensor BboxWeights) GetTargetsSingle(SamplingResult s, RcnnTrainConfig cfg)
    {
        long numPos = s.PosPriors.shape[0], numNeg = s.NegPriors.shape[0], total = numPos + numNeg;
        var device = s.PosPriors.device;
        using var background = ((long)NumClasses).ToScalar();
        var labels = full(total, background, dtype: ScalarType.Int64, device: device);
        var labelWeights = zeros(total, device: device);
        var bboxTargets = zeros(total, 4, device: device);
        var bboxWeights = zeros(total, 4, device: device);
        if (numPos > 0)
        {
            var posRange = Ranges.Arange(numPos, device: device);
            using var posWeight = (cfg.PosWeight <= 0 ? 1.0 : cfg.PosWeight).ToScalar();
            labels = labels.index_copy(0, posRange, s.PosGtLabels);
            labelWeights = labelWeights.index_fill(0, posRange, posWeight);
            var targets = RegDecodedBbox ? s.PosGtBboxes : BboxCoder.Encode(s.PosPriors, s.PosGtBboxes);
            bboxTargets = bboxTargets.index_copy(0, posRange, targets.to(ScalarType.Float32));
            bboxWeights = bboxWeights.index_fill(0, posRange, Scalars.OneDouble);
        }
        if (numNeg > 0) labelWeights = labelWeights.index_fill(0, Ranges.Arange(numPos, total, device: device), Scalars.OneDouble);
        return (labels, labelWeights, bboxTargets, bboxWeights);
    }

    /// <summary>
    /// MMDetection's <c>loss_and_target</c> + <c>loss</c>: <c>loss_cls</c> averaged over RoIs with a positive weight,
    /// <c>acc</c> (top-1 accuracy in percent, not a loss), <c>loss_bbox</c> over the positives' own class boxes
    /// (averaged over all sampled RoIs, as MMDetection does; 0 without positives).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Loss(Tensor clsScore, Tensor bboxPred, Tensor rois, IReadOnlyList<SamplingResult> samplingResults, RcnnTrainConfig cfg)
    {
        var (labels, labelWeights, bboxTargets, bboxWeights) = GetTargets(samplingResults, cfg);
        var losses = new Dictionary<string, Tensor>();
        double avgFactor = Math.Max(labelWeights.gt(Scalars.Zero).sum().item<long>(), 1.0);
        if (clsScore.numel() > 0)
        {
            losses["loss_cls"] = LossCls.Forward(clsScore, labels, labelWeights, avgFactor);
            losses["acc"] = Accuracy(clsScore, labels);
        }
        using var numClasses = NumClasses.ToScalar();
        var pos = labels.ge(Scalars.Zero).logical_and(labels.lt(numClasses));
        if (pos.any().item<bool>())
        {
            var pred = RegDecodedBbox ? BboxCoder.Decode(rois[.., 1..], bboxPred) : bboxPred;
            var posIdx = pos.nonzero().squeeze(1);
            var posPred = RegClassAgnostic
                ? pred.view(pred.shape[0], -1).index_select(0, posIdx)
                : pred.view(pred.shape[0], NumClasses, -1)[posIdx, labels.index_select(0, posIdx)];
            losses["loss_bbox"] = LossBbox.Forward(posPred, bboxTargets.index_select(0, posIdx), bboxWeights.index_select(0, posIdx),
                avgFactor: bboxTargets.shape[0]);
        }
        else
        {
            losses["loss_bbox"] = bboxPred.sum().mul(Scalars.Zero);
        }
        return losses;
    }

    /// <summary>MMDetection's <c>accuracy</c> (top-1, in percent).</summary>
    public static Tensor Accuracy(Tensor pred, Tensor target)
    {
        if (pred.shape[0] == 0) return zeros(1, device: pred.device);
        using var noGrad = no_grad();
        var correct = pred.argmax(1).eq(target).to(ScalarType.Float32).sum();
        using var percentPerRow = (100.0 / pred.shape[0]).ToScalar();
        return correct.mul(percentPerRow).reshape(1);
    }

    /// <summary>
    /// MMDetection's <c>regress_by_class</c>: decodes each RoI's deltas for its label (or the class-agnostic ones) into
    /// a box clipped to the image; how a cascade stage refines the RoIs the next stage sees.
    /// </summary>
    /// <param name="priors">RoI boxes (K×4, xyxy).</param>
    /// <param name="label">The class whose deltas apply, per RoI (K, int64).</param>
    /// <param name="bboxPred">The head's deltas (K×4 or K×4·num_classes).</param>
    /// <param name="meta">The image, for clipping to its <c>img_shape</c>.</param>
    public Tensor RegressByClass(Tensor priors, Tensor label, Tensor bboxPred, ImageMeta meta)
    {
        int regDim = BboxCoder.EncodeSize;
        if (!RegClassAgnostic)
        {
            using var dim = ((long)regDim).ToScalar();
            var first = label.mul(dim).unsqueeze(1);
            bboxPred = bboxPred.gather(1, first.add(Ranges.Arange(regDim, device: label.device).unsqueeze(0), Scalars.One));
        }
        return BboxCoder.Decode(priors, bboxPred, meta.ImgShape);
    }

    /// <summary>
    /// MMDetection's <c>_predict_by_feat_single</c>: one image's detections from its RoIs (K×5), class scores and deltas.
    /// </summary>
    public InstanceData PredictByFeatSingle(Tensor rois, Tensor clsScore, Tensor bboxPred, ImageMeta meta, RcnnTestConfig cfg, bool rescale)
    {
        if (rois.shape[0] == 0) return InstanceData.Empty(rois.device, withScores: true);
        var scores = clsScore.softmax(-1);
        int classes = RegClassAgnostic ? 1 : NumClasses;
        var priors = rois[.., 1..].repeat_interleave(classes, dim: 0);
        var bboxes = BboxCoder.Decode(priors, bboxPred.reshape(-1, BboxCoder.EncodeSize), meta.ImgShape);
        if (rescale && bboxes.shape[0] > 0) bboxes = DenseHead.Rescale(bboxes, meta);
        bboxes = bboxes.view(rois.shape[0], -1);
        var (detBoxes, detScores, detLabels) = MultiClassNms.Apply(bboxes, scores, cfg.ScoreThr, cfg.Nms, cfg.MaxPerImg, cfg.MinBboxSize);
        return new InstanceData(detBoxes, detLabels, detScores);
    }
}
