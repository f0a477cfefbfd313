using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using Detect.Structures;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using CrossEntropyLoss = Detect.Models.Losses.CrossEntropyLoss;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection's <c>FCNMaskHead</c> (Mask R-CNN): <c>num_convs</c> 3×3 ConvModules (<c>convs.i</c>), a 2× deconvolution
/// (<c>upsample</c>) with ReLU, and a 1×1 conv to one mask logit map per class (<c>conv_logits</c>; one with
/// <c>class_agnostic</c>).
/// </summary>
/// <remarks>
/// Training: targets are the positives' ground-truth masks cropped to their proposals (<see cref="MaskTargets"/>),
/// the loss binary cross entropy of each RoI's own-class map (<c>loss_mask</c>). Inference: each detection's
/// own-class probabilities pasted into the image (<see cref="MaskPasting"/>) and thresholded at <c>mask_thr_binary</c>.
/// Example: <c>new FCNMaskHead(numClasses: 80)</c> is Mask R-CNN R-50-FPN's mask head (14×14 RoIs → 28×28 masks).
/// </remarks>
public sealed class FCNMaskHead : DetectModule<Tensor, Tensor>
{
    readonly ModuleList<ConvModule> convs = new();
    readonly ConvTranspose2d upsample;
    readonly Conv2d convLogits;

    /// <summary>Builds the head; arguments are MMDetection's in camelCase.</summary>
    /// <param name="numClasses"><c>num_classes</c>.</param>
    /// <param name="numConvs"><c>num_convs</c>.</param>
    /// <param name="roiFeatSize"><c>roi_feat_size</c>.</param>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="convKernelSize"><c>conv_kernel_size</c>.</param>
    /// <param name="convOutChannels"><c>conv_out_channels</c>.</param>
    /// <param name="classAgnostic"><c>class_agnostic</c>.</param>
    /// <param name="normCfg"><c>norm_cfg</c> of the convs; null for none.</param>
    /// <param name="lossMask"><c>loss_mask</c>; default <c>CrossEntropyLoss(use_mask=True)</c>.</param>
    public FCNMaskHead(int numClasses, int numConvs = 4, int roiFeatSize = 14, int inChannels = 256, int convKernelSize = 3,
        int convOutChannels = 256, bool classAgnostic = false, NormConfig? normCfg = null, DetectionLoss? lossMask = null)
        : base(nameof(FCNMaskHead))
    {
        NumClasses = numClasses > 0 ? numClasses : throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "num_classes must be positive.");
        RoiFeatSize = roiFeatSize;
        ClassAgnostic = classAgnostic;
        LossMask = lossMask ?? new CrossEntropyLoss(useMask: true);
        for (int i = 0; i < numConvs; i++)
            convs.Add(new ConvModule(i == 0 ? inChannels : convOutChannels, convOutChannels, convKernelSize, padding: (convKernelSize - 1) / 2, normCfg: normCfg));
        int channels = numConvs > 0 ? convOutChannels : inChannels;
        Add("convs", convs);
        upsample = Add("upsample", nn.ConvTranspose2d(channels, convOutChannels, 2, stride: 2));
        convLogits = Add("conv_logits", nn.Conv2d(convOutChannels, classAgnostic ? 1 : numClasses, 1));
        InitWeights();
    }

    /// <summary><c>num_classes</c>.</summary>
    public int NumClasses { get; }

    /// <summary><c>roi_feat_size</c>.</summary>
    public int RoiFeatSize { get; }

    /// <summary><c>class_agnostic</c>.</summary>
    public bool ClassAgnostic { get; }

    /// <summary><c>loss_mask</c>.</summary>
    public DetectionLoss LossMask { get; }

    /// <summary>MMDetection's init: <c>upsample</c> and <c>conv_logits</c> Kaiming normal (fan_out, relu), bias 0.</summary>
    public void InitWeights()
    {
        WeightInit.KaimingInit(upsample);
        WeightInit.KaimingInit(convLogits);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        foreach (var conv in convs) x = conv.call(x);
        x = nn.functional.relu(upsample.call(x));
        return convLogits.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>MMDetection's <c>loss_and_target</c>: <c>loss_mask</c> of the positives' mask logits (P×C×S×S).</summary>
    public Tensor Loss(Tensor maskPreds, IReadOnlyList<SamplingResult> samplingResults, IReadOnlyList<InstanceData> gtInstances, RcnnTrainConfig cfg)
    {
        var targets = cat(samplingResults.Select((s, i) =>
        {
            var masks = gtInstances[i].Masks ?? throw new ArgumentException("Mask R-CNN training needs ground-truth masks (LoadAnnotations with_mask).");
            return MaskTargets.Compute(s.PosPriors, s.PosAssignedGtInds, masks, cfg.MaskSize);
        }).ToArray());
        if (maskPreds.shape[0] == 0) return maskPreds.sum();
        var labels = cat(samplingResults.Select(s => s.PosGtLabels).ToArray());
        return LossMask.Forward(maskPreds, targets, ClassAgnostic ? zeros_like(labels) : labels);
    }

    /// <summary>
    /// MMDetection's <c>_predict_by_feat_single</c>: each detection's own-class mask pasted into the original image
    /// (boxes rescaled too) with <paramref name="rescale"/>, or into the resized one; thresholded at <c>mask_thr_binary</c>.
    /// With <paramref name="activateMap"/> (MMDetection's <c>activate_map</c>) the maps are probabilities already (a cascade's
    /// stages averaged, or an exported graph's), so no sigmoid is taken; maps of one channel are each detection's own.
    /// </summary>
    public InstanceData PredictByFeatSingle(Tensor maskPreds, InstanceData results, ImageMeta meta, RcnnTestConfig cfg, bool rescale, bool activateMap = false)
    {
        var (sw, sh) = meta.ScaleFactor;
        int imgH = meta.OriShape.Height, imgW = meta.OriShape.Width;
        var bboxes = results.Bboxes;
        if (rescale)
            bboxes = bboxes / tensor(new[] { (float)sw, (float)sh, (float)sw, (float)sh }, device: bboxes.device);
        else
            (imgH, imgW) = ((int)Math.Round(imgH * sh, MidpointRounding.ToEven), (int)Math.Round(imgW * sw, MidpointRounding.ToEven));
        if (results.Count == 0)
            return new InstanceData(bboxes, results.Labels, results.Scores, zeros(0, imgH, imgW, dtype: ScalarType.Bool, device: bboxes.device));

        var probs = activateMap ? maskPreds : maskPreds.sigmoid();
        // One map per detection: class-agnostic, or already each detection's own class (an exported graph's masks).
        var own = ClassAgnostic || probs.shape[1] == 1 ? probs[.., 0] : probs[Ranges.Arange(probs.shape[0], device: probs.device), results.Labels];
        var masks = MaskPasting.Paste(own, bboxes, imgH, imgW, cfg.MaskThrBinary);
        return new InstanceData(bboxes, results.Labels, results.Scores, masks);
    }
}
