using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using L1Loss = Detect.Models.Losses.L1Loss;

namespace Detect.Models.DenseHeads;

/// <summary>
/// MMDetection's <c>RetinaHead</c> (Focal Loss for Dense Object Detection): two towers of <c>stacked_convs</c> 3×3
/// ConvModules (<c>cls_convs</c>, <c>reg_convs</c>) ending in 3×3 convs for A·C class logits (<c>retina_cls</c>) and
/// A·4 deltas (<c>retina_reg</c>).
/// </summary>
/// <remarks>
/// Example: <c>new RetinaHead(numClasses: 80, inChannels: 256, anchorGenerator: new AnchorGenerator(strides: [8, 16, 32, 64, 128],
/// ratios: [0.5, 1.0, 2.0], octaveBaseScale: 4, scalesPerOctave: 3))</c> is RetinaNet R-50-FPN's head; its losses default to
/// MMDetection's (focal loss, L1 loss).
/// </remarks>
public sealed class RetinaHead : AnchorHead
{
    readonly ModuleList<ConvModule> clsConvs = new(), regConvs = new();
    readonly Conv2d retinaCls, retinaReg;

    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="numClasses"><c>num_classes</c>.</param>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="anchorGenerator"><c>anchor_generator</c>.</param>
    /// <param name="featChannels"><c>feat_channels</c>.</param>
    /// <param name="stackedConvs"><c>stacked_convs</c>.</param>
    /// <param name="normCfg"><c>norm_cfg</c> of the stacked convs; null for none.</param>
    /// <param name="bboxCoder"><c>bbox_coder</c>; default <c>DeltaXYWHBBoxCoder</c> (means 0, stds 1).</param>
    /// <param name="lossCls"><c>loss_cls</c>; default <c>FocalLoss(gamma=2, alpha=0.25)</c>.</param>
    /// <param name="lossBbox"><c>loss_bbox</c>; default <c>L1Loss</c>.</param>
    /// <param name="regDecodedBbox"><c>reg_decoded_bbox</c>.</param>
    /// <param name="trainCfg"><c>train_cfg</c>.</param>
    /// <param name="testCfg"><c>test_cfg</c>.</param>
    public RetinaHead(int numClasses, int inChannels, IPriorGenerator anchorGenerator, int featChannels = 256, int stackedConvs = 4,
        NormConfig? normCfg = null, IBBoxCoder? bboxCoder = null, DetectionLoss? lossCls = null, DetectionLoss? lossBbox = null,
        bool regDecodedBbox = false, DenseTrainConfig? trainCfg = null, DenseTestConfig? testCfg = null)
        : base(nameof(RetinaHead), numClasses, anchorGenerator, bboxCoder ?? new DeltaXYWHBBoxCoder(), lossCls ?? new FocalLoss(),
            lossBbox ?? new L1Loss(), regDecodedBbox, trainCfg, testCfg)
    {
        InChannels = inChannels;
        FeatChannels = featChannels;
        StackedConvs = stackedConvs;
        for (int i = 0; i < stackedConvs; i++)
        {
            int channels = i == 0 ? inChannels : featChannels;
            clsConvs.Add(new ConvModule(channels, featChannels, 3, padding: 1, normCfg: normCfg));
            regConvs.Add(new ConvModule(channels, featChannels, 3, padding: 1, normCfg: normCfg));
        }
        int last = stackedConvs > 0 ? featChannels : inChannels;
        Add("cls_convs", clsConvs);
        Add("reg_convs", regConvs);
        retinaCls = Add("retina_cls", nn.Conv2d(last, NumBasePriors * ClsOutChannels, 3, padding: 1));
        retinaReg = Add("retina_reg", nn.Conv2d(last, NumBasePriors * BboxCoder.EncodeSize, 3, padding: 1));
        InitWeights();
    }

    /// <summary><c>in_channels</c>.</summary>
    public int InChannels { get; }

    /// <summary><c>feat_channels</c>.</summary>
    public int FeatChannels { get; }

    /// <summary><c>stacked_convs</c>.</summary>
    public int StackedConvs { get; }

    /// <summary>
    /// MMDetection's init: <c>retina_reg</c> normal(0, 0.01), <c>retina_cls</c> too with the bias of a 0.01 prior probability.
    /// The stacked ConvModules keep their own Kaiming init (MMEngine runs a child's <c>init_weights</c> after the parent's <c>init_cfg</c>).
    /// </summary>
    public void InitWeights()
    {
        WeightInit.NormalInit(retinaReg, std: 0.01);
        WeightInit.NormalInit(retinaCls, std: 0.01, bias: WeightInit.BiasInitWithProb(0.01));
    }

    /// <inheritdoc />
    public override DenseHeadOutputs forward(Tensor[] x)
    {
        using var scope = NewDisposeScope();
        var cls = new Tensor[x.Length];
        var reg = new Tensor[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            Tensor clsFeat = x[i], regFeat = x[i];
            foreach (var conv in clsConvs) clsFeat = conv.call(clsFeat);
            foreach (var conv in regConvs) regFeat = conv.call(regFeat);
            cls[i] = retinaCls.call(clsFeat).MoveToOuterDisposeScope();
            reg[i] = retinaReg.call(regFeat).MoveToOuterDisposeScope();
        }
        return new DenseHeadOutputs(cls, reg);
    }
}
