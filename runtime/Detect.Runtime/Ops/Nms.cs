using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// Non-maximum suppression, as torchvision's <c>nms</c> and <c>batched_nms</c>.
/// </summary>
/// <remarks>
/// <para>Boxes are visited in decreasing score order; a box is kept unless its IoU with an already kept
/// box is strictly greater than <c>iouThreshold</c> (IoU exactly at the threshold is kept). IoU is
/// computed in the boxes' dtype as inter / (area1 + area2 − inter), exactly as torchvision's kernels do,
/// so kept indices are identical. Equal scores are visited in index order (a stable sort).</para>
/// <para>CPU float32/float64 tensors take a managed kernel; other devices and dtypes take a path made of
/// tensor ops (IoU rows computed on the device, the greedy pass on the CPU, as torchvision's CUDA
/// kernel does). Both give the same indices; tests check that they agree.</para>
/// </remarks>
public static class Nms
{
    /// <summary>Indices (int64, decreasing score) of the boxes (N×4 xyxy) that survive suppression.</summary>
    public static Tensor Apply(Tensor boxes, Tensor scores, double iouThreshold) =>
        Run(boxes, scores, null, iouThreshold, preferTensorOps: false);

    /// <summary>
    /// Per-class NMS: boxes whose <paramref name="labels"/> (N, integer) differ never suppress each other.
    /// Indices (int64) in decreasing score order over all classes.
    /// </summary>
    public static Tensor Batched(Tensor boxes, Tensor scores, Tensor labels, double iouThreshold) =>
        Run(boxes, scores, labels, iouThreshold, preferTensorOps: false);

    /// <summary>The device-agnostic path, also on CPU: lets tests compare it with the managed kernel.</summary>
    internal static Tensor Run(Tensor boxes, Tensor scores, Tensor? labels, double iouThreshold, bool preferTensorOps)
    {
        Validate(boxes, scores, labels);
        if (boxes.shape[0] == 0) return empty(0, dtype: ScalarType.Int64, device: boxes.device);
        bool managed = !preferTensorOps && boxes.device_type == DeviceType.CPU && scores.device_type == DeviceType.CPU
                       && (labels is null || labels.device_type == DeviceType.CPU)
                       && boxes.dtype is ScalarType.Float32 or ScalarType.Float64;
        return managed
            ? NmsCpuKernel.Run(boxes, scores, labels, iouThreshold)
            : NmsTensorPath.Run(boxes, scores, labels, iouThreshold);
    }

    static void Validate(Tensor boxes, Tensor scores, Tensor? labels)
    {
        if (boxes.dim() != 2 || boxes.shape[1] != 4)
            throw new ArgumentException($"boxes must be N×4 (x1, y1, x2, y2), got [{string.Join(", ", boxes.shape)}].", nameof(boxes));
        if (!boxes.is_floating_point())
            throw new ArgumentException($"boxes must be a floating-point tensor, got {boxes.dtype}.", nameof(boxes));
        if (scores.dim() != 1 || scores.shape[0] != boxes.shape[0])
            throw new ArgumentException($"scores must have {boxes.shape[0]} elements, got [{string.Join(", ", scores.shape)}].", nameof(scores));
        if (labels is null) return;
        if (labels.dim() != 1 || labels.shape[0] != boxes.shape[0])
            throw new ArgumentException($"labels must have {boxes.shape[0]} elements, got [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (labels.is_floating_point())
            throw new ArgumentException($"labels must be an integer tensor, got {labels.dtype}.", nameof(labels));
    }
}
