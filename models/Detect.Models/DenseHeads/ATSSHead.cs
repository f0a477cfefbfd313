using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using CrossEntropyLoss = Detect.Models.Losses.CrossEntropyLoss;

namespace Detect.Models.DenseHeads;

/// <summary>
/// MMDetection's <c>ATSSHead</c> (Bridging the Gap Between Anchor-based and Anchor-free Detection via Adaptive Training
/// Sample Selection): an anchor head whose towers of <c>stacked_convs</c> ConvModules (<c>cls_convs</c>, <c>reg_convs</c>,
/// GN(32) by default) end in 3×3 convs for class logits (<c>atss_cls</c>), deltas scaled per level by a learnable
/// <c>scales.i</c> (<c>atss_reg</c>) and a centerness logit on the regression tower (<c>atss_centerness</c>).
/// </summary>
/// <remarks>
/// <para>Targets come from <c>train_cfg.assigner</c> (ATSS) with the anchors inside each image counted per level, as the
/// anchor head does; the box targets are the ground-truth boxes (<c>reg_decoded_bbox</c>). Losses per level: focal loss
/// averaged over the batch's positives; the box loss (GIoU) of the decoded positives weighted by their centerness targets
/// and divided by the sum of every level's centerness targets (at least 1); the centerness's binary cross entropy averaged
/// over the positives.</para>
/// <para>Inference is the base dense head's with the sigmoid centerness as score factor: class scores are thresholded and
/// ranked, then multiplied by it before NMS.</para>
/// <para>Example: <c>new ATSSHead(numClasses: 80, inChannels: 256, anchorGenerator: new AnchorGenerator(strides: [8, 16, 32, 64, 128],
/// ratios: [1.0], octaveBaseScale: 8, scalesPerOctave: 1))</c> is ATSS R-50-FPN's head.</para>
/// </remarks>
public sealed class ATSSHead : AnchorHead
{
    readonly ModuleList<ConvModule> clsConvs = new(), regConvs = new();
    readonly Conv2d atssCls, atssReg, atssCenterness;
    readonly ModuleList<Scale> scales = new();

    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="numClasses"><c>num_classes</c>.</param>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="anchorGenerator"><c>anchor_generator</c>.</param>
    /// <param name="featChannels"><c>feat_channels</c>.</param>
    /// <param name="stackedConvs"><c>stacked_convs</c>.</param>
    /// <param name="predKernelSize"><c>pred_kernel_size</c> of the three prediction convs.</param>
    /// <param name="normCfg"><c>norm_cfg</c> of the towers; default GN with 32 groups.</param>
    /// <param name="noNorm">Build the towers without a norm layer (MMDetection's <c>norm_cfg=None</c>).</param>
    /// <param name="bboxCoder"><c>bbox_coder</c>; default <c>DeltaXYWHBBoxCoder</c> (means 0, stds 0.1, 0.1, 0.2, 0.2).</param>
    /// <param name="lossCls"><c>loss_cls</c>; default <c>FocalLoss(gamma=2, alpha=0.25)</c>.</param>
    /// <param name="lossBbox"><c>loss_bbox</c>; default <c>GIoULoss(loss_weight=2.0)</c>.</param>
    /// <param name="lossCenterness"><c>loss_centerness</c>; default sigmoid <c>CrossEntropyLoss</c>.</param>
    /// <param name="trainCfg"><c>train_cfg</c>.</param>
    /// <param name="testCfg"><c>test_cfg</c>.</param>
    public ATSSHead(int numClasses, int inChannels, IPriorGenerator anchorGenerator, int featChannels = 256, int stackedConvs = 4,
        int predKernelSize = 3, NormConfig? normCfg = null, bool noNorm = false, IBBoxCoder? bboxCoder = null, DetectionLoss? lossCls = null,
        DetectionLoss? lossBbox = null, DetectionLoss? lossCenterness = null, DenseTrainConfig? trainCfg = null, DenseTestConfig? testCfg = null)
        : base(nameof(ATSSHead), numClasses, anchorGenerator,
            bboxCoder ?? new DeltaXYWHBBoxCoder(targetMeans: [0, 0, 0, 0], targetStds: [0.1, 0.1, 0.2, 0.2]),
            lossCls ?? new FocalLoss(), lossBbox ?? new GIoULoss(lossWeight: 2.0), regDecodedBbox: true, trainCfg, testCfg)
    {
        if (predKernelSize < 1 || predKernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(predKernelSize), predKernelSize, "pred_kernel_size must be a positive odd number.");
        InChannels = inChannels;
        FeatChannels = featChannels;
        StackedConvs = stackedConvs;
        LossCenterness = lossCenterness ?? new CrossEntropyLoss(useSigmoid: true);
        var norm = noNorm ? null : normCfg ?? NormConfig.GN(32);
        for (int i = 0; i < stackedConvs; i++)
        {
            int channels = i == 0 ? inChannels : featChannels;
            clsConvs.Add(new ConvModule(channels, featChannels, 3, padding: 1, normCfg: norm));
            regConvs.Add(new ConvModule(channels, featChannels, 3, padding: 1, normCfg: norm));
        }
        int last = stackedConvs > 0 ? featChannels : inChannels;
        int pad = predKernelSize / 2;
        Add("cls_convs", clsConvs);
        Add("reg_convs", regConvs);
        atssCls = Add("atss_cls", nn.Conv2d(last, NumBasePriors * ClsOutChannels, predKernelSize, padding: pad));
        atssReg = Add("atss_reg", nn.Conv2d(last, NumBasePriors * 4, predKernelSize, padding: pad));
        atssCenterness = Add("atss_centerness", nn.Conv2d(last, NumBasePriors, predKernelSize, padding: pad));
        for (int i = 0; i < PriorGenerator.NumLevels; i++) scales.Add(new Scale(1.0));
        Add("scales", scales);
        InitWeights();
    }

    /// <summary><c>in_channels</c>.</summary>
    public int InChannels { get; }

    /// <summary><c>feat_channels</c>.</summary>
    public int FeatChannels { get; }

    /// <summary><c>stacked_convs</c>.</summary>
    public int StackedConvs { get; }

    /// <summary><c>loss_centerness</c>.</summary>
    public DetectionLoss LossCenterness { get; }

    /// <summary>
    /// MMDetection's init: every Conv2d of the head normal(0, 0.01), <c>atss_cls</c> with the bias of a 0.01 prior
    /// probability; the tower ConvModules keep their own Kaiming init (run after the parent's <c>init_cfg</c>).
    /// </summary>
    public void InitWeights()
    {
        WeightInit.NormalInit(atssReg, std: 0.01);
        WeightInit.NormalInit(atssCenterness, std: 0.01);
        WeightInit.NormalInit(atssCls, std: 0.01, bias: WeightInit.BiasInitWithProb(0.01));
    }

    /// <inheritdoc />
    public override DenseHeadOutputs forward(Tensor[] x)
    {
        if (x.Length != scales.Count) throw new ArgumentException($"ATSSHead has {scales.Count} levels but got {x.Length} feature maps.", nameof(x));
        using var scope = NewDisposeScope();
        var cls = new Tensor[x.Length];
        var reg = new Tensor[x.Length];
        var centerness = new Tensor[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            Tensor clsFeat = x[i], regFeat = x[i];
            foreach (var conv in clsConvs) clsFeat = conv.call(clsFeat);
            foreach (var conv in regConvs) regFeat = conv.call(regFeat);
            cls[i] = atssCls.call(clsFeat).MoveToOuterDisposeScope();
            reg[i] = scales[i].call(atssReg.call(regFeat)).to(ScalarType.Float32).MoveToOuterDisposeScope();
            centerness[i] = atssCenterness.call(regFeat).MoveToOuterDisposeScope();
        }
        return new DenseHeadOutputs(cls, reg, centerness);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> LossByFeat(DenseHeadOutputs outs, IReadOnlyList<DetDataSample> samples)
    {
        var trainCfg = TrainCfg ?? throw new InvalidOperationException($"{nameof(ATSSHead)} has no train_cfg; give the detector one.");
        var centernesses = outs.ScoreFactors ?? throw new ArgumentException("ATSSHead's losses need the centerness maps.", nameof(outs));
        var sizes = outs.FeatmapSizes;
        var anchors = Priors(sizes, samples[0].Meta, ScalarType.Float32, outs.ClsScores[0].device);
        var targets = GetTargets(anchors, sizes, samples, trainCfg);
        // MMDetection: reduce_mean over processes of the summed sampling avg_factors (one process here).
        double avgFactor = targets.AvgFactor
            ?? throw new InvalidOperationException("ATSSHead normalises by the batch's positives; per-image loss normalisation does not apply.");
        int numImgs = (int)outs.ClsScores[0].shape[0];
        using var background = ((long)NumClasses).ToScalar();

        Tensor? lossCls = null, lossBbox = null, lossCenterness = null, centernessSum = null;
        for (int level = 0; level < anchors.Length; level++)
        {
            var levelAnchors = anchors[level].repeat(numImgs, 1);
            var labels = targets.Labels[level].reshape(-1);
            var scores = outs.ClsScores[level].permute(0, 2, 3, 1).reshape(-1, ClsOutChannels);
            var cls = LossCls.Forward(scores, labels, targets.LabelWeights[level].reshape(-1), avgFactor);

            var bboxPred = outs.BboxPreds[level].permute(0, 2, 3, 1).reshape(-1, 4);
            var centerness = centernesses[level].permute(0, 2, 3, 1).reshape(-1);
            var pos = labels.ge(Scalars.Zero).logical_and(labels.lt(background)).nonzero().squeeze(1);
            Tensor box, ctr, ctrTargetSum;
            if (pos.numel() > 0)
            {
                var posAnchors = levelAnchors.index_select(0, pos);
                var posTargets = targets.BboxTargets[level].reshape(-1, 4).index_select(0, pos);
                var centernessTargets = CenternessTarget(posAnchors, posTargets);
                var posDecoded = BboxCoder.Decode(posAnchors, bboxPred.index_select(0, pos));
                box = LossBbox.Forward(posDecoded, posTargets, centernessTargets, avgFactor: 1.0);
                ctr = LossCenterness.Forward(centerness.index_select(0, pos), centernessTargets, avgFactor: avgFactor);
                ctrTargetSum = centernessTargets.sum();
            }
            else
            {
                box = bboxPred.sum().mul(Scalars.Zero);
                ctr = centerness.sum().mul(Scalars.Zero);
                ctrTargetSum = zeros(1, device: bboxPred.device).sum();
            }
            lossCls = lossCls is null ? cls : lossCls.add(cls, Scalars.One);
            lossBbox = lossBbox is null ? box : lossBbox.add(box, Scalars.One);
            lossCenterness = lossCenterness is null ? ctr : lossCenterness.add(ctr, Scalars.One);
            centernessSum = centernessSum is null ? ctrTargetSum : centernessSum.add(ctrTargetSum, Scalars.One);
        }
        // MMDetection: bbox_avg_factor = reduce_mean(sum of the levels' centerness targets).clamp_(min=1).item().
        using var bboxAvgFactor = Math.Max(centernessSum!.item<float>(), 1.0).ToScalar();
        return new Dictionary<string, Tensor>
        {
            ["loss_cls"] = lossCls!, ["loss_bbox"] = lossBbox!.div(bboxAvgFactor), ["loss_centerness"] = lossCenterness!,
        };
    }

    /// <summary>
    /// MMDetection's <c>ATSSHead.centerness_target</c>: for each positive anchor and its ground-truth box,
    /// √(min(l, r) / max(l, r) · min(t, b) / max(t, b)) of the distances from the anchor's centre to the box's sides.
    /// </summary>
    public static Tensor CenternessTarget(Tensor anchors, Tensor gts)
    {
        using var scope = NewDisposeScope();
        var cx = anchors[.., 2].add(anchors[.., 0], Scalars.One).div(Scalars.Two);
        var cy = anchors[.., 3].add(anchors[.., 1], Scalars.One).div(Scalars.Two);
        var leftRight = stack([cx - gts[.., 0], gts[.., 2] - cx], 1);
        var topBottom = stack([cy - gts[.., 1], gts[.., 3] - cy], 1);
        var centerness = (leftRight.min(-1).values / leftRight.max(-1).values * (topBottom.min(-1).values / topBottom.max(-1).values)).sqrt();
        if (centerness.isnan().any().item<bool>())
            throw new InvalidOperationException("ATSS centerness target is NaN: a positive anchor's centre lies on a side of its ground-truth box.");
        return centerness.MoveToOuterDisposeScope();
    }
}
