using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using CrossEntropyLoss = Detect.Models.Losses.CrossEntropyLoss;

namespace Detect.Models.DenseHeads;

/// <summary>
/// MMDetection's <c>FCOSHead</c> (FCOS: Fully Convolutional One-Stage Object Detection): anchor-free, one point per
/// feature-map cell. Towers of <c>stacked_convs</c> ConvModules (<c>cls_convs</c>, <c>reg_convs</c>, GN by default) end
/// in 3×3 convs for class logits (<c>conv_cls</c>), distances to the box sides (<c>conv_reg</c>, scaled per level by a
/// learnable <c>scales.i</c>) and centerness (<c>conv_centerness</c>, on the class or, with <c>centerness_on_reg</c>,
/// the regression tower).
/// </summary>
/// <remarks>
/// <para>Targets: by default (<see cref="FcosAssigner"/>) a point is positive for the smallest-area ground truth that contains
/// it (or, with <c>center_sampling</c>, whose centre region of radius <c>center_sample_radius</c> · stride contains it) and
/// whose largest side distance falls in the level's <c>regress_ranges</c> entry; another <c>assigner</c> (torchvision's
/// <see cref="TorchvisionFcosMatcher"/>) can replace that rule. With <c>norm_on_bbox</c> distances are in strides (targets
/// divided, predictions ReLU'd and multiplied back at inference); otherwise predictions are exp'd. Losses: focal loss over all
/// points (averaged over positives), IoU loss of decoded positives weighted by their centerness target (or, without
/// <c>weightBboxByCenterness</c>, averaged over the positives), and binary cross entropy of the centerness.</para>
/// <para>Example: <c>new FCOSHead(numClasses: 80, inChannels: 256, strides: [8, 16, 32, 64, 128])</c> is FCOS R-50's head.</para>
/// </remarks>
public sealed class FCOSHead : DenseHead
{
    /// <summary>MMDetection's INF, the upper end of the last regress range.</summary>
    public const double Inf = 1e8;

    static readonly Scalar InfScalar = Inf.ToScalar();

    readonly ModuleList<ConvModule> clsConvs = new(), regConvs = new();
    readonly Conv2d convCls, convReg, convCenterness;
    readonly ModuleList<Scale> scales = new();

    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="numClasses"><c>num_classes</c>.</param>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="featChannels"><c>feat_channels</c>.</param>
    /// <param name="stackedConvs"><c>stacked_convs</c>.</param>
    /// <param name="strides"><c>strides</c> of the input levels.</param>
    /// <param name="regressRanges"><c>regress_ranges</c> per level; default (−1, 64), (64, 128), (128, 256), (256, 512), (512, INF).</param>
    /// <param name="centerSampling"><c>center_sampling</c>.</param>
    /// <param name="centerSampleRadius"><c>center_sample_radius</c>, in strides.</param>
    /// <param name="normOnBbox"><c>norm_on_bbox</c>.</param>
    /// <param name="centernessOnReg"><c>centerness_on_reg</c>.</param>
    /// <param name="normCfg"><c>norm_cfg</c> of the towers; default GN with 32 groups (pass <see cref="NormConfig"/> null via <paramref name="noNorm"/>).</param>
    /// <param name="noNorm">Build the towers without a norm layer (MMDetection's <c>norm_cfg=None</c>).</param>
    /// <param name="convBias"><c>conv_bias</c>: whether tower convs have a bias; null is 'auto' (only without a norm).</param>
    /// <param name="lossCls"><c>loss_cls</c>; default <c>FocalLoss</c>.</param>
    /// <param name="lossBbox"><c>loss_bbox</c>; default <c>IoULoss</c>.</param>
    /// <param name="lossCenterness"><c>loss_centerness</c>; default sigmoid <c>CrossEntropyLoss</c>.</param>
    /// <param name="bboxCoder"><c>bbox_coder</c>; default <c>DistancePointBBoxCoder</c>.</param>
    /// <param name="priorGenerator">Point generator; default MMDetection's <c>MlvlPointGenerator(strides)</c> (offset 0.5).</param>
    /// <param name="centernessScoring">How scores and centerness combine at inference (MMDetection's multiply by default).</param>
    /// <param name="trainCfg"><c>train_cfg</c> (FCOS uses none of its settings; kept for the detector's interface).</param>
    /// <param name="testCfg"><c>test_cfg</c>.</param>
    /// <param name="assigner">Which ground truth each point trains on; null: MMDetection's rule (<see cref="FcosAssigner"/> from
    /// <paramref name="regressRanges"/>, <paramref name="centerSampling"/> and <paramref name="centerSampleRadius"/>). It gets one square
    /// per point, as wide as the level's stride (torchvision's FCOS anchors), e.g. <see cref="TorchvisionFcosMatcher"/>.</param>
    /// <param name="weightBboxByCenterness">MMDetection's box loss: weighted by the positives' centerness targets and averaged
    /// over their sum; false: unweighted, averaged over the positives (torchvision's).</param>
    public FCOSHead(int numClasses, int inChannels, int featChannels = 256, int stackedConvs = 4, int[]? strides = null,
        (double Low, double High)[]? regressRanges = null, bool centerSampling = false, double centerSampleRadius = 1.5,
        bool normOnBbox = false, bool centernessOnReg = false, NormConfig? normCfg = null, bool noNorm = false, bool? convBias = null,
        DetectionLoss? lossCls = null, DetectionLoss? lossBbox = null, DetectionLoss? lossCenterness = null, IBBoxCoder? bboxCoder = null,
        IPriorGenerator? priorGenerator = null, CenternessScoring centernessScoring = CenternessScoring.Multiply,
        DenseTrainConfig? trainCfg = null, DenseTestConfig? testCfg = null, IAssigner? assigner = null, bool weightBboxByCenterness = true)
        : base(nameof(FCOSHead), numClasses, priorGenerator ?? new MlvlPointGenerator([.. (strides ?? [4, 8, 16, 32, 64]).Select(s => (Stride)s)]),
            bboxCoder ?? new DistancePointBBoxCoder(), lossCls ?? new FocalLoss(), lossBbox ?? new IoULoss(), trainCfg, testCfg)
    {
        Strides = strides ?? [4, 8, 16, 32, 64];
        RegressRanges = regressRanges ?? [(-1, 64), (64, 128), (128, 256), (256, 512), (512, Inf)];
        if (RegressRanges.Count != Strides.Count)
            throw new ArgumentException($"regress_ranges has {RegressRanges.Count} levels but strides has {Strides.Count}.", nameof(regressRanges));
        if (PriorGenerator.NumLevels != Strides.Count)
            throw new ArgumentException($"The prior generator has {PriorGenerator.NumLevels} levels but strides has {Strides.Count}.", nameof(priorGenerator));
        CenterSampling = centerSampling;
        CenterSampleRadius = centerSampleRadius;
        NormOnBbox = normOnBbox;
        CenternessOnReg = centernessOnReg;
        CenternessScoring = centernessScoring;
        LossCenterness = lossCenterness ?? new CrossEntropyLoss(useSigmoid: true);
        Assigner = assigner ?? new FcosAssigner(RegressRanges, centerSampling, centerSampleRadius);
        WeightBboxByCenterness = weightBboxByCenterness;

        var norm = noNorm ? null : normCfg ?? NormConfig.GN(32);
        for (int i = 0; i < stackedConvs; i++)
        {
            int channels = i == 0 ? inChannels : featChannels;
            clsConvs.Add(new ConvModule(channels, featChannels, 3, padding: 1, bias: convBias, normCfg: norm));
            regConvs.Add(new ConvModule(channels, featChannels, 3, padding: 1, bias: convBias, normCfg: norm));
        }
        int last = stackedConvs > 0 ? featChannels : inChannels;
        Add("cls_convs", clsConvs);
        Add("reg_convs", regConvs);
        convCls = Add("conv_cls", nn.Conv2d(last, ClsOutChannels, 3, padding: 1));
        convReg = Add("conv_reg", nn.Conv2d(last, BboxCoder.EncodeSize, 3, padding: 1));
        convCenterness = Add("conv_centerness", nn.Conv2d(last, 1, 3, padding: 1));
        foreach (var _ in Strides) scales.Add(new Scale(1.0));
        Add("scales", scales);
        InitWeights();
    }

    /// <summary><c>strides</c>.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary><c>regress_ranges</c>.</summary>
    public IReadOnlyList<(double Low, double High)> RegressRanges { get; }

    /// <summary><c>center_sampling</c>.</summary>
    public bool CenterSampling { get; }

    /// <summary><c>center_sample_radius</c>.</summary>
    public double CenterSampleRadius { get; }

    /// <summary><c>norm_on_bbox</c>.</summary>
    public bool NormOnBbox { get; }

    /// <summary><c>centerness_on_reg</c>.</summary>
    public bool CenternessOnReg { get; }

    /// <summary>How scores and centerness combine at inference.</summary>
    public CenternessScoring CenternessScoring { get; }

    /// <summary><c>loss_centerness</c>.</summary>
    public DetectionLoss LossCenterness { get; }

    /// <summary>Which ground truth each point trains on.</summary>
    public IAssigner Assigner { get; }

    /// <summary>Whether the box loss is weighted by centerness targets (MMDetection) rather than averaged over positives (torchvision).</summary>
    public bool WeightBboxByCenterness { get; }

    /// <summary>
    /// MMDetection's init: <c>conv_reg</c> and <c>conv_centerness</c> normal(0, 0.01), <c>conv_cls</c> too with the bias of a
    /// 0.01 prior probability; tower ConvModules keep their own Kaiming init.
    /// </summary>
    public void InitWeights()
    {
        WeightInit.NormalInit(convReg, std: 0.01);
        WeightInit.NormalInit(convCenterness, std: 0.01);
        WeightInit.NormalInit(convCls, std: 0.01, bias: WeightInit.BiasInitWithProb(0.01));
    }

    /// <inheritdoc />
    public override DenseHeadOutputs forward(Tensor[] x)
    {
        if (x.Length != Strides.Count) throw new ArgumentException($"FCOSHead has {Strides.Count} levels but got {x.Length} feature maps.", nameof(x));
        using var scope = NewDisposeScope();
        var cls = new Tensor[x.Length];
        var reg = new Tensor[x.Length];
        var centerness = new Tensor[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            Tensor clsFeat = x[i], regFeat = x[i];
            foreach (var conv in clsConvs) clsFeat = conv.call(clsFeat);
            foreach (var conv in regConvs) regFeat = conv.call(regFeat);
            cls[i] = convCls.call(clsFeat).MoveToOuterDisposeScope();
            centerness[i] = convCenterness.call(CenternessOnReg ? regFeat : clsFeat).MoveToOuterDisposeScope();
            var bboxPred = scales[i].call(convReg.call(regFeat)).to(ScalarType.Float32);
            if (NormOnBbox)
            {
                bboxPred = bboxPred.clamp_min(Scalars.Zero);
                using var stride = Strides[i].ToScalar();
                if (!training) bboxPred = bboxPred.mul(stride);
            }
            else
            {
                bboxPred = bboxPred.exp();
            }
            reg[i] = bboxPred.MoveToOuterDisposeScope();
        }
        return new DenseHeadOutputs(cls, reg, centerness);
    }

    /// <inheritdoc />
    protected override (Tensor Scores, Tensor? Factors) LevelScores(Tensor clsScore, Tensor? scoreFactor)
    {
        var (scores, factors) = base.LevelScores(clsScore, scoreFactor);
        return CenternessScoring == CenternessScoring.GeometricMean && factors is not null
            ? ((scores * factors.unsqueeze(1)).sqrt(), null)
            : (scores, factors);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> LossByFeat(DenseHeadOutputs outs, IReadOnlyList<DetDataSample> samples)
    {
        var sizes = outs.FeatmapSizes;
        var points = Priors(sizes, samples[0].Meta, outs.BboxPreds[0].dtype, outs.BboxPreds[0].device);
        var (labels, bboxTargets) = GetTargets(points, samples);
        int numImgs = (int)outs.ClsScores[0].shape[0];

        var flatCls = cat(outs.ClsScores.Select(c => c.permute(0, 2, 3, 1).reshape(-1, ClsOutChannels)).ToArray());
        var flatBbox = cat(outs.BboxPreds.Select(b => b.permute(0, 2, 3, 1).reshape(-1, 4)).ToArray());
        var flatCenterness = cat(outs.ScoreFactors!.Select(c => c.permute(0, 2, 3, 1).reshape(-1)).ToArray());
        var flatLabels = cat(labels);
        var flatTargets = cat(bboxTargets);
        var flatPoints = cat(points.Select(p => p.repeat(numImgs, 1)).ToArray());

        using var numClasses = NumClasses.ToScalar();
        var posInds = flatLabels.ge(Scalars.Zero).logical_and(flatLabels.lt(numClasses)).nonzero().reshape(-1);
        double numPos = Math.Max(posInds.shape[0], 1.0);
        var lossCls = LossCls.Forward(flatCls, flatLabels, avgFactor: numPos);

        var posBbox = flatBbox.index_select(0, posInds);
        var posCenterness = flatCenterness.index_select(0, posInds);
        var posTargets = flatTargets.index_select(0, posInds);
        var centernessTargets = CenternessTarget(posTargets);
        double centernessDenorm = Math.Max(centernessTargets.sum().item<float>(), 1e-6);
        Tensor lossBbox, lossCenterness;
        if (posInds.shape[0] > 0)
        {
            var posPoints = flatPoints.index_select(0, posInds);
            lossBbox = WeightBboxByCenterness
                ? LossBbox.Forward(BboxCoder.Decode(posPoints, posBbox), BboxCoder.Decode(posPoints, posTargets), centernessTargets, centernessDenorm)
                : LossBbox.Forward(BboxCoder.Decode(posPoints, posBbox), BboxCoder.Decode(posPoints, posTargets), avgFactor: numPos);
            lossCenterness = LossCenterness.Forward(posCenterness, centernessTargets, avgFactor: numPos);
        }
        else
        {
            lossBbox = posBbox.sum();
            lossCenterness = posCenterness.sum();
        }
        return new Dictionary<string, Tensor> { ["loss_cls"] = lossCls, ["loss_bbox"] = lossBbox, ["loss_centerness"] = lossCenterness };
    }

    /// <summary>
    /// MMDetection's <c>get_targets</c>: per level, the labels (N·points) and side-distance targets (N·points × 4, in
    /// strides with <c>norm_on_bbox</c>) of every image, image-major.
    /// </summary>
    public (Tensor[] Labels, Tensor[] BboxTargets) GetTargets(Tensor[] points, IReadOnlyList<DetDataSample> samples)
    {
        var allPoints = cat(points);
        var squares = cat(points.Select((p, level) => Squares(p, Strides[level])).ToArray());
        long[] numPoints = [.. points.Select(p => p.shape[0])];
        int[] levelCounts = [.. numPoints.Select(n => (int)n)];
        var perImage = samples.Select(s => GetTargetsSingle(s, allPoints, squares, levelCounts)).ToList();
        var labels = new Tensor[points.Length];
        var targets = new Tensor[points.Length];
        var splitLabels = perImage.Select(t => t.Labels.split(numPoints)).ToList();
        var splitTargets = perImage.Select(t => t.Targets.split(numPoints)).ToList();
        for (int level = 0; level < points.Length; level++)
        {
            labels[level] = cat(splitLabels.Select(l => l[level]).ToArray());
            var levelTargets = cat(splitTargets.Select(t => t[level]).ToArray());
            using var stride = Strides[level].ToScalar();
            targets[level] = NormOnBbox ? levelTargets.div(stride) : levelTargets;
        }
        return (labels, targets);
    }

    /// <summary>
    /// MMDetection's <c>_get_targets_single</c>: each point's label and distances to the sides of the ground truth that
    /// <see cref="Assigner"/> gives it (the class count and distances to the first box where it gives none).
    /// </summary>
    (Tensor Labels, Tensor Targets) GetTargetsSingle(DetDataSample sample, Tensor points, Tensor squares, int[] numPointsPerLevel)
    {
        var gt = sample.GtInstances ?? throw new ArgumentException($"{sample.Meta.ImgPath}: training needs ground-truth instances.");
        long numPoints = points.shape[0];
        using var background = ((long)NumClasses).ToScalar();
        if (gt.Count == 0)
            return (full(numPoints, background, dtype: ScalarType.Int64, device: points.device), zeros(numPoints, 4, device: points.device));

        using var assign = Assigner.Assign(squares, gt.Bboxes, gt.Labels, numLevelPriors: numPointsPerLevel);
        using Scalar one = 1, first = 0;
        var boxes = gt.Bboxes.index_select(0, assign.GtInds.sub(one).clamp_min(first));
        var (xs, ys) = (points[.., 0], points[.., 1]);
        var targets = stack([xs - boxes[.., 0], ys - boxes[.., 1], boxes[.., 2] - xs, boxes[.., 3] - ys], -1);
        var labels = where(assign.GtInds.gt(first), assign.Labels, full_like(assign.Labels, background));
        return (labels, targets);
    }

    /// <summary>torchvision's FCOS anchors: squares as wide as <paramref name="stride"/>, centred on the points (n×2 → n×4).</summary>
    static Tensor Squares(Tensor points, int stride)
    {
        using Scalar half = stride / 2.0;
        return cat([points.sub(half), points.add(half, Scalars.One)], 1);
    }

    /// <summary>MMDetection's <c>centerness_target</c>: √(min(l, r) / max(l, r) · min(t, b) / max(t, b)).</summary>
    public static Tensor CenternessTarget(Tensor posBboxTargets)
    {
        if (posBboxTargets.shape[0] == 0) return zeros(0, dtype: posBboxTargets.dtype, device: posBboxTargets.device);
        var leftRight = posBboxTargets.index_select(1, tensor(new long[] { 0, 2 }, device: posBboxTargets.device));
        var topBottom = posBboxTargets.index_select(1, tensor(new long[] { 1, 3 }, device: posBboxTargets.device));
        var centerness = leftRight.min(-1).values / leftRight.max(-1).values * (topBottom.min(-1).values / topBottom.max(-1).values);
        return centerness.sqrt();
    }
}
