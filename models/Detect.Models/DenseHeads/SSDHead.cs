using Detect.Models.Losses;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Reduction = TorchSharp.torch.nn.Reduction;
using CrossEntropyLoss = Detect.Models.Losses.CrossEntropyLoss;
using SmoothL1Loss = Detect.Models.Losses.SmoothL1Loss;

namespace Detect.Models.DenseHeads;

/// <summary>
/// MMDetection's <c>SSDHead</c> (with <c>stacked_convs=0</c>): per level a 3×3 conv to A_l·(C + 1) class logits
/// (<c>cls_convs.l.0</c>, softmax with the background last) and one to A_l·4 deltas (<c>reg_convs.l.0</c>); levels may have
/// different anchor counts (SSD300: 4, 6, 6, 6, 4, 4).
/// </summary>
/// <remarks>
/// Training is MMDetection's <c>loss_by_feat</c>: per image, softmax cross entropy of every positive anchor plus the
/// <c>neg_pos_ratio</c> × positives hardest negatives (hard negative mining), over the batch's positives; the box loss is
/// <c>loss_bbox</c> (MMDetection's <c>smooth_l1_loss</c> with <c>train_cfg.smoothl1_beta</c>: here <see cref="SmoothL1Loss"/>'s
/// beta) over the same count. The classification loss is always that cross entropy, as in MMDetection.
/// </remarks>
public sealed class SSDHead : AnchorHead
{
    readonly ModuleList<Sequential> clsConvs = new(), regConvs = new();

    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="numClasses"><c>num_classes</c> (without the background).</param>
    /// <param name="inChannels"><c>in_channels</c> of each level.</param>
    /// <param name="anchorGenerator"><c>anchor_generator</c>: one level per input level.</param>
    /// <param name="bboxCoder"><c>bbox_coder</c>; default <c>DeltaXYWHBBoxCoder</c> with stds 0.1, 0.1, 0.2, 0.2.</param>
    /// <param name="lossBbox">The box loss; default smooth L1 with beta 1.</param>
    /// <param name="regDecodedBbox"><c>reg_decoded_bbox</c>.</param>
    /// <param name="trainCfg"><c>train_cfg</c>.</param>
    /// <param name="testCfg"><c>test_cfg</c>.</param>
    public SSDHead(int numClasses, int[] inChannels, IPriorGenerator anchorGenerator, IBBoxCoder? bboxCoder = null, DetectionLoss? lossBbox = null,
        bool regDecodedBbox = false, DenseTrainConfig? trainCfg = null, DenseTestConfig? testCfg = null)
        : base(nameof(SSDHead), numClasses, anchorGenerator, bboxCoder ?? new DeltaXYWHBBoxCoder(targetStds: [0.1, 0.1, 0.2, 0.2]),
            new CrossEntropyLoss(), lossBbox ?? new SmoothL1Loss(1.0), regDecodedBbox, trainCfg, testCfg, uniformPriors: false)
    {
        if (inChannels.Length != anchorGenerator.NumLevels)
            throw new ArgumentException($"in_channels has {inChannels.Length} levels, the anchor generator {anchorGenerator.NumLevels}.", nameof(inChannels));
        InChannels = inChannels;
        for (int level = 0; level < inChannels.Length; level++)
        {
            int anchors = anchorGenerator.NumBasePriors[level];
            clsConvs.Add(nn.Sequential(("0", nn.Conv2d(inChannels[level], anchors * ClsOutChannels, 3, padding: 1))));
            regConvs.Add(nn.Sequential(("0", nn.Conv2d(inChannels[level], anchors * BboxCoder.EncodeSize, 3, padding: 1))));
        }
        Add("cls_convs", clsConvs);
        Add("reg_convs", regConvs);
    }

    /// <summary><c>in_channels</c>.</summary>
    public IReadOnlyList<int> InChannels { get; }

    /// <inheritdoc />
    public override DenseHeadOutputs forward(Tensor[] x)
    {
        using var scope = NewDisposeScope();
        var cls = new Tensor[x.Length];
        var reg = new Tensor[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            cls[i] = clsConvs[i].call(x[i]).MoveToOuterDisposeScope();
            reg[i] = regConvs[i].call(x[i]).MoveToOuterDisposeScope();
        }
        return new DenseHeadOutputs(cls, reg);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> LossByFeat(DenseHeadOutputs outs, IReadOnlyList<DetDataSample> samples)
    {
        var trainCfg = TrainCfg ?? throw new InvalidOperationException("SSDHead has no train_cfg; give the detector one.");
        var sizes = outs.FeatmapSizes;
        var device = outs.ClsScores[0].device;
        var anchors = Priors(sizes, samples[0].Meta, ScalarType.Float32, device);
        var targets = GetTargets(anchors, sizes, samples, trainCfg);
        double avgFactor = targets.AvgFactor
            ?? throw new InvalidOperationException("SSDHead averages over the batch's positives: use the avg_factor normalisation.");
        int n = samples.Count;
        var scores = cat([.. outs.ClsScores.Select(s => s.permute(0, 2, 3, 1).reshape(n, -1, ClsOutChannels))], 1);
        var deltas = cat([.. outs.BboxPreds.Select(b => b.permute(0, 2, 3, 1).reshape(n, -1, BboxCoder.EncodeSize))], 1);
        var labels = cat(targets.Labels, 1);
        var labelWeights = cat(targets.LabelWeights, 1);
        var bboxTargets = cat(targets.BboxTargets, 1);
        var bboxWeights = cat(targets.BboxWeights, 1);
        var flatAnchors = cat(anchors);

        Tensor? lossCls = null, lossBbox = null;
        for (int i = 0; i < n; i++)
        {
            var (cls, box) = LossSingle(scores[i], deltas[i], flatAnchors, labels[i], labelWeights[i], bboxTargets[i], bboxWeights[i], avgFactor, trainCfg);
            lossCls = lossCls is null ? cls : lossCls.add(cls, Scalars.One);
            lossBbox = lossBbox is null ? box : lossBbox.add(box, Scalars.One);
        }
        return new Dictionary<string, Tensor> { ["loss_cls"] = lossCls!, ["loss_bbox"] = lossBbox! };
    }

    // MMDetection's SSDHead.loss_by_feat_single: one image, every anchor of every level.
    (Tensor Cls, Tensor Bbox) LossSingle(Tensor clsScore, Tensor bboxPred, Tensor anchors, Tensor labels, Tensor labelWeights,
        Tensor bboxTargets, Tensor bboxWeights, double avgFactor, DenseTrainConfig trainCfg)
    {
        var lossClsAll = F.cross_entropy(clsScore, labels, reduction: Reduction.None).mul(labelWeights);
        using var background = ((long)NumClasses).ToScalar();
        var posInds = labels.ge(Scalars.Zero).logical_and(labels.lt(background)).nonzero().reshape(-1);
        var negInds = labels.eq(background).nonzero().reshape(-1);
        long numPos = posInds.shape[0];
        long numNeg = Math.Min(trainCfg.NegPosRatio * numPos, negInds.shape[0]);
        var (topkNeg, _) = lossClsAll.index_select(0, negInds).topk((int)numNeg);
        using var avg = avgFactor.ToScalar();
        var lossCls = lossClsAll.index_select(0, posInds).sum().add(topkNeg.sum(), Scalars.One).div(avg);
        var pred = RegDecodedBbox ? BboxCoder.Decode(anchors, bboxPred) : bboxPred;
        var lossBbox = LossBbox.Forward(pred, bboxTargets, bboxWeights, avgFactor);
        return (lossCls, lossBbox);
    }
}
