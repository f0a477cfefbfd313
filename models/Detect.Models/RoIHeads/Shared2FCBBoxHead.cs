using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.TaskModules.Coders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection's <c>Shared2FCBBoxHead</c> (a <c>ConvFCBBoxHead</c> with two shared FC layers): flattened RoI features
/// → <c>shared_fcs.0</c> → ReLU → <c>shared_fcs.1</c> → ReLU → <c>fc_cls</c> (classes + background) and <c>fc_reg</c>.
/// </summary>
/// <remarks>Example: <c>new Shared2FCBBoxHead(numClasses: 80)</c> is Faster R-CNN R-50-FPN's box head (256×7×7 inputs,
/// 1024-wide FCs, deltas normalized by stds 0.1, 0.1, 0.2, 0.2).</remarks>
public sealed class Shared2FCBBoxHead : BBoxHead
{
    readonly ModuleList<Linear> sharedFcs = new();
    readonly Linear fcCls, fcReg;

    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="numClasses"><c>num_classes</c>.</param>
    /// <param name="inChannels"><c>in_channels</c> of the RoI features.</param>
    /// <param name="fcOutChannels"><c>fc_out_channels</c>.</param>
    /// <param name="roiFeatSize"><c>roi_feat_size</c>.</param>
    /// <param name="regClassAgnostic"><c>reg_class_agnostic</c>.</param>
    /// <param name="bboxCoder"><c>bbox_coder</c>; default <c>DeltaXYWHBBoxCoder</c> with stds 0.1, 0.1, 0.2, 0.2.</param>
    /// <param name="lossCls"><c>loss_cls</c>; default softmax <c>CrossEntropyLoss</c>.</param>
    /// <param name="lossBbox"><c>loss_bbox</c>; default <c>L1Loss</c>.</param>
    /// <param name="regDecodedBbox"><c>reg_decoded_bbox</c>.</param>
    public Shared2FCBBoxHead(int numClasses, int inChannels = 256, int fcOutChannels = 1024, int roiFeatSize = 7, bool regClassAgnostic = false,
        IBBoxCoder? bboxCoder = null, DetectionLoss? lossCls = null, DetectionLoss? lossBbox = null, bool regDecodedBbox = false)
        : base(nameof(Shared2FCBBoxHead), numClasses, regClassAgnostic, bboxCoder, lossCls, lossBbox, regDecodedBbox)
    {
        InChannels = inChannels;
        FcOutChannels = fcOutChannels;
        RoiFeatSize = roiFeatSize;
        sharedFcs.Add(nn.Linear(inChannels * roiFeatSize * roiFeatSize, fcOutChannels));
        sharedFcs.Add(nn.Linear(fcOutChannels, fcOutChannels));
        Add("shared_fcs", sharedFcs);
        fcCls = Add("fc_cls", nn.Linear(fcOutChannels, ClsOutChannels));
        fcReg = Add("fc_reg", nn.Linear(fcOutChannels, RegOutChannels));
        InitWeights();
    }

    /// <summary><c>in_channels</c>.</summary>
    public int InChannels { get; }

    /// <summary><c>fc_out_channels</c>.</summary>
    public int FcOutChannels { get; }

    /// <summary><c>roi_feat_size</c>.</summary>
    public int RoiFeatSize { get; }

    /// <summary>MMDetection's init: shared FCs Xavier uniform, <c>fc_cls</c> normal(0, 0.01), <c>fc_reg</c> normal(0, 0.001), biases 0.</summary>
    public void InitWeights()
    {
        foreach (var fc in sharedFcs) WeightInit.XavierInit(fc, distribution: Distribution.Uniform);
        WeightInit.NormalInit(fcCls, std: 0.01);
        WeightInit.NormalInit(fcReg, std: 0.001);
    }

    /// <inheritdoc />
    public override (Tensor ClsScore, Tensor BboxPred) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.flatten(1);
        foreach (var fc in sharedFcs) h = nn.functional.relu(fc.call(h));
        return (fcCls.call(h).MoveToOuterDisposeScope(), fcReg.call(h).MoveToOuterDisposeScope());
    }
}
