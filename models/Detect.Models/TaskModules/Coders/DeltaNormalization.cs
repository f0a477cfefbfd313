using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Coders;

/// <summary>Checks and tensor steps shared by the delta coders (argument checks, mean/std normalisation, clipping).</summary>
internal static class DeltaNormalization
{
    public static IReadOnlyList<double> Check(IReadOnlyList<double> values, string name) =>
        values.Count == 4 ? values.ToArray() : throw new ArgumentException($"{name} needs 4 values (dx, dy, dw, dh), got {values.Count}.", name);

    public static void CheckPairs(Tensor bboxes, Tensor gtBboxes)
    {
        if (bboxes.shape[^1] != 4 || gtBboxes.shape[^1] != 4 || !bboxes.shape.SequenceEqual(gtBboxes.shape))
            throw new ArgumentException(
                $"Encoding needs boxes and targets of the same shape …×4, got [{string.Join(", ", bboxes.shape)}] and [{string.Join(", ", gtBboxes.shape)}].");
    }

    /// <summary>Number of boxes per prior in <paramref name="predBboxes"/> (…×4k against priors …×4).</summary>
    public static int CheckDecode(Tensor bboxes, Tensor predBboxes)
    {
        bool ok = bboxes.shape[^1] == 4 && predBboxes.shape[^1] % 4 == 0 && predBboxes.shape[^1] > 0
                  && bboxes.shape[..^1].SequenceEqual(predBboxes.shape[..^1]);
        if (!ok)
            throw new ArgumentException(
                $"Decoding needs priors …×4 and deltas …×4k with the same leading shape, got [{string.Join(", ", bboxes.shape)}] and [{string.Join(", ", predBboxes.shape)}].");
        return (int)(predBboxes.shape[^1] / 4);
    }

    /// <summary>MMDetection computes encodings in float32 (<c>.float()</c>); float64 is kept here.</summary>
    public static Tensor Float(Tensor boxes) => boxes.dtype == ScalarType.Float64 ? boxes : boxes.to(ScalarType.Float32);

    public static Tensor Normalize(Tensor deltas, IReadOnlyList<double> means, IReadOnlyList<double> stds) =>
        (deltas - Row(means, deltas)) / Row(stds, deltas);

    public static Tensor Denormalize(Tensor deltas, IReadOnlyList<double> means, IReadOnlyList<double> stds) =>
        (deltas * Row(stds, deltas)).add(Row(means, deltas), Scalars.One);

    /// <summary>Clamps x columns to [0, width] and y columns to [0, height] of …×4 boxes.</summary>
    public static Tensor Clip(Tensor boxes, double width, double height) =>
        minimum(boxes.clamp_min(Scalars.Zero), tensor(new[] { width, height, width, height }, dtype: boxes.dtype, device: boxes.device));

    static Tensor Row(IReadOnlyList<double> values, Tensor like) => tensor(values.ToArray(), dtype: like.dtype, device: like.device);
}
