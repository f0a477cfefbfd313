using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// RoIAlign (Mask R-CNN), as torchvision's <c>roi_align</c> and mmcv's <c>RoIAlign</c>: average of
/// bilinear samples on a regular grid inside each of <c>outputHeight × outputWidth</c> bins of a RoI.
/// </summary>
/// <remarks>
/// <para><c>rois</c> is K×5: (batch index, x1, y1, x2, y2) in input-image pixels; they are multiplied by
/// <c>spatialScale</c> (1 / stride) to reach feature coordinates. <c>samplingRatio</c> &gt; 0 samples that
/// many points per bin along each axis; 0 (or less) chooses ceil(RoI size / output size) per RoI.
/// <c>aligned</c> shifts RoIs by half a pixel (the pixel-model fix of Detectron2); without it a RoI is
/// at least 1×1. Samples outside [−1, size] contribute zero; samples in (−1, 0] clamp to the border.</para>
/// <para>Differentiable with respect to <c>features</c> (not <c>rois</c>, as in torchvision). CPU
/// float32/float64 inputs run a managed kernel (forward parallel over RoIs, backward over channels,
/// both with torch's thread count) whose arithmetic follows torchvision's CPU kernel step by step;
/// other devices and dtypes run an implementation made of tensor ops, whose gradient comes from
/// autograd. Tests check that both agree with each other and with torchvision.</para>
/// </remarks>
public static class RoIAlign
{
    /// <summary>Pools every RoI into a K×C×<paramref name="outputHeight"/>×<paramref name="outputWidth"/> tensor.</summary>
    /// <param name="features">N×C×H×W feature map.</param>
    /// <param name="rois">K×5 (batch index, x1, y1, x2, y2); converted to the features' dtype and device.</param>
    /// <param name="outputHeight">Bins along y.</param>
    /// <param name="outputWidth">Bins along x.</param>
    /// <param name="spatialScale">Factor from RoI coordinates to feature coordinates, e.g. 1/16.</param>
    /// <param name="samplingRatio">Samples per bin and axis; 0 = adaptive, ceil(roi size / output size).</param>
    /// <param name="aligned">Half-pixel shift of the RoI (torchvision/mmcv <c>aligned=True</c>).</param>
    public static Tensor Apply(Tensor features, Tensor rois, int outputHeight, int outputWidth, double spatialScale,
                               int samplingRatio, bool aligned) =>
        Run(features, rois, new RoIAlignArgs(outputHeight, outputWidth, spatialScale, samplingRatio, aligned), preferTensorOps: false);

    /// <summary>Entry point that can force the device-agnostic path (tests compare both on CPU).</summary>
    internal static Tensor Run(Tensor features, Tensor rois, RoIAlignArgs args, bool preferTensorOps)
    {
        args.Validate();
        Validate(features, rois);
        using var scope = NewDisposeScope();
        var roisAsFeatures = rois.detach().to(features.dtype, features.device).contiguous();
        CheckBatchIndices(roisAsFeatures, features.shape[0]);

        bool managed = !preferTensorOps && features.device_type == DeviceType.CPU
                       && features.dtype is ScalarType.Float32 or ScalarType.Float64;
        Tensor output;
        if (!managed)
            output = RoIAlignTensorPath.Forward(features, roisAsFeatures, args);
        else if (features.requires_grad && is_grad_enabled())
            output = RoIAlignFunction.apply(features, roisAsFeatures, args);
        else
            output = RoIAlignCpuKernel.Forward(features.contiguous(), roisAsFeatures, args);
        return output.MoveToOuterDisposeScope();
    }

    static void Validate(Tensor features, Tensor rois)
    {
        if (features.dim() != 4)
            throw new ArgumentException($"features must be N×C×H×W, got [{string.Join(", ", features.shape)}].", nameof(features));
        if (!features.is_floating_point())
            throw new ArgumentException($"features must be a floating-point tensor, got {features.dtype}.", nameof(features));
        if (rois.dim() != 2 || rois.shape[1] != 5)
            throw new ArgumentException($"rois must be K×5 (batch index, x1, y1, x2, y2), got [{string.Join(", ", rois.shape)}].", nameof(rois));
    }

    /// <summary>A batch index outside the feature batch would read foreign memory in torchvision; here it is an error.</summary>
    static void CheckBatchIndices(Tensor rois, long batchSize)
    {
        if (rois.shape[0] == 0) return;
        using var scope = NewDisposeScope();
        // The kernels truncate the index toward zero, as torchvision's (int) cast does.
        var batch = rois[.., 0].trunc();
        using var size = batchSize.ToScalar();
        var bad = batch.lt(Scalars.Zero).logical_or(batch.ge(size)).logical_or(batch.isnan()).nonzero();
        if (bad.shape[0] == 0) return;
        long row = bad[0, 0].item<long>();
        throw new ArgumentException(
            $"rois row {row} has batch index {rois[row, 0].to(ScalarType.Float64).item<double>()}, outside the feature batch of {batchSize}.", nameof(rois));
    }
}
