using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using CrossEntropyLoss = Detect.Models.Losses.CrossEntropyLoss;
using L1Loss = Detect.Models.Losses.L1Loss;

namespace Detect.Models.DenseHeads;

/// <summary>
/// MMDetection's <c>RPNHead</c> (region proposal network): a 3×3 conv (<c>rpn_conv</c>) with ReLU, then 1×1 convs
/// for the objectness of each anchor (<c>rpn_cls</c>) and its box deltas (<c>rpn_reg</c>). One class: labels are 0
/// for objects (the detector zeroes them) and 1 for background.
/// </summary>
/// <remarks>
/// Proposals per image: on every level the <c>nms_pre</c> best objectness scores, decoded and clipped; boxes not
/// larger than <c>min_bbox_size</c> dropped; NMS within each level (<c>batched_nms</c> with level ids); the best
/// <c>max_per_img</c> kept. Losses are named <c>loss_rpn_cls</c> and <c>loss_rpn_bbox</c>.
/// Example: <c>new RPNHead(inChannels: 256, featChannels: 256, anchorGenerator: new AnchorGenerator(strides: [4, 8, 16, 32, 64],
/// ratios: [0.5, 1.0, 2.0], scales: [8]))</c> is Faster R-CNN's RPN.
/// </remarks>
public sealed class RPNHead : AnchorHead
{
    readonly nn.Module<Tensor, Tensor> rpnConv;
    readonly Conv2d rpnCls, rpnReg;

    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="anchorGenerator"><c>anchor_generator</c>.</param>
    /// <param name="featChannels"><c>feat_channels</c>.</param>
    /// <param name="numConvs"><c>num_convs</c>: more than one makes <c>rpn_conv</c> a stack of ConvModules.</param>
    /// <param name="bboxCoder"><c>bbox_coder</c>; default <c>DeltaXYWHBBoxCoder</c> with zero means and unit stds.</param>
    /// <param name="lossCls"><c>loss_cls</c>; default sigmoid <c>CrossEntropyLoss</c>.</param>
    /// <param name="lossBbox"><c>loss_bbox</c>; default <c>L1Loss</c>.</param>
    /// <param name="regDecodedBbox"><c>reg_decoded_bbox</c>.</param>
    /// <param name="numClasses"><c>num_classes</c>: must be 1.</param>
    /// <param name="trainCfg"><c>train_cfg</c> (the detector's <c>train_cfg.rpn</c>).</param>
    /// <param name="testCfg"><c>test_cfg</c> (the detector's <c>test_cfg.rpn</c>).</param>
    public RPNHead(int inChannels, IPriorGenerator anchorGenerator, int featChannels = 256, int numConvs = 1, IBBoxCoder? bboxCoder = null,
        DetectionLoss? lossCls = null, DetectionLoss? lossBbox = null, bool regDecodedBbox = false, int numClasses = 1,
        DenseTrainConfig? trainCfg = null, DenseTestConfig? testCfg = null)
        : base(nameof(RPNHead), numClasses, anchorGenerator, bboxCoder ?? new DeltaXYWHBBoxCoder(), lossCls ?? new CrossEntropyLoss(useSigmoid: true),
            lossBbox ?? new L1Loss(), regDecodedBbox, trainCfg, testCfg)
    {
        if (numClasses != 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "RPNHead has one class (objectness).");
        if (numConvs < 1) throw new ArgumentOutOfRangeException(nameof(numConvs), numConvs, "num_convs must be at least 1.");
        InChannels = inChannels;
        FeatChannels = featChannels;
        rpnConv = numConvs == 1
            ? nn.Conv2d(inChannels, featChannels, 3, padding: 1)
            : nn.Sequential(Enumerable.Range(0, numConvs).Select(i => (nn.Module<Tensor, Tensor>)new ConvModule(i == 0 ? inChannels : featChannels, featChannels, 3, padding: 1, inplace: false)));
        Add("rpn_conv", rpnConv);
        rpnCls = Add("rpn_cls", nn.Conv2d(featChannels, NumBasePriors * ClsOutChannels, 1));
        rpnReg = Add("rpn_reg", nn.Conv2d(featChannels, NumBasePriors * BboxCoder.EncodeSize, 1));
        InitWeights();
    }

    /// <summary><c>in_channels</c>.</summary>
    public int InChannels { get; }

    /// <summary><c>feat_channels</c>.</summary>
    public int FeatChannels { get; }

    /// <summary>
    /// MMDetection's init: plain convs normal(0, 0.01), bias 0. ConvModules keep their own Kaiming init, as MMEngine
    /// runs a child's <c>init_weights</c> after the parent's <c>init_cfg</c>.
    /// </summary>
    public void InitWeights()
    {
        foreach (var conv in new[] { rpnConv as Conv2d, rpnCls, rpnReg }.OfType<Conv2d>()) WeightInit.NormalInit(conv, std: 0.01);
    }

    /// <inheritdoc />
    protected override (string Cls, string Bbox) LossNames => ("loss_rpn_cls", "loss_rpn_bbox");

    /// <inheritdoc />
    public override DenseHeadOutputs forward(Tensor[] x)
    {
        using var scope = NewDisposeScope();
        var cls = new Tensor[x.Length];
        var reg = new Tensor[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            var feat = nn.functional.relu(rpnConv.call(x[i]));
            cls[i] = rpnCls.call(feat).MoveToOuterDisposeScope();
            reg[i] = rpnReg.call(feat).MoveToOuterDisposeScope();
        }
        return new DenseHeadOutputs(cls, reg);
    }

    /// <summary>
    /// MMDetection's RPN <c>_predict_by_feat_single</c>: the <c>nms_pre</c> best anchors of each level (no score threshold),
    /// labelled with their level so that NMS runs within levels.
    /// </summary>
    protected override LevelCandidates SelectCandidates(Tensor clsScore, Tensor? scoreFactor, int level, DenseTestConfig cfg)
    {
        // Sigmoid objectness is ranked by its logits: the same order, but logits that round to one float32 probability
        // stay distinct (torchvision ranks logits; MMDetection's sort leaves such ties unordered).
        var ranking = UseSigmoidCls ? clsScore.permute(1, 2, 0).reshape(-1) : LevelScores(clsScore, null).Scores.reshape(-1);
        var rows = Ranges.Arange(ranking.shape[0], device: ranking.device);
        if (cfg.NmsPre > 0 && cfg.NmsPre < ranking.shape[0])
        {
            var (ranked, order) = ranking.sort(0, descending: true, stable: true);
            (ranking, rows) = (ranked[..cfg.NmsPre], order[..cfg.NmsPre]);
        }
        var scores = UseSigmoidCls ? ranking.sigmoid() : ranking;
        using var levelId = ((long)level).ToScalar();
        return new LevelCandidates(rows, scores, full(scores.shape[0], levelId, dtype: ScalarType.Int64, device: scores.device), null);
    }

    /// <inheritdoc />
    protected override InstanceData BboxPostProcess(InstanceData results, Tensor? scoreFactors, DenseTestConfig cfg, bool rescale, bool withNms, ImageMeta meta)
    {
        var proposals = base.BboxPostProcess(results, null, cfg, rescale, withNms: true, meta);
        return new InstanceData(proposals.Bboxes, zeros_like(proposals.Labels), proposals.Scores);
    }
}
