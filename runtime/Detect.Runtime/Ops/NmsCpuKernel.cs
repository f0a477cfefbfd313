using System.Numerics;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// The managed NMS kernel for CPU tensors: torchvision's greedy loop, over boxes copied into score order.
/// </summary>
/// <remarks>
/// Boxes are copied once into contiguous per-coordinate arrays in score order, so the inner loop walks
/// memory sequentially. With labels, each class is suppressed on its own (its boxes, in score order);
/// the survivors of all classes are then read back in global score order, which is what
/// torchvision's per-class <c>batched_nms</c> returns.
/// </remarks>
internal static class NmsCpuKernel
{
    public static Tensor Run(Tensor boxes, Tensor scores, Tensor? labels, double iouThreshold)
    {
        using var scope = NewDisposeScope();
        var order = scores.sort(0, descending: true, stable: true).Indices;
        long[] orderArray = TensorValues.ToArray<long>(order);
        long[]? sortedLabels = labels is null ? null : TensorValues.ToArray<long>(labels.index_select(0, order));
        var sortedBoxes = boxes.index_select(0, order);

        bool[] suppressed = boxes.dtype == ScalarType.Float32
            ? Suppress(TensorValues.ToArray<float>(sortedBoxes), sortedLabels, iouThreshold)
            : Suppress(TensorValues.ToArray<double>(sortedBoxes), sortedLabels, iouThreshold);

        var keep = new List<long>(orderArray.Length);
        for (int p = 0; p < orderArray.Length; p++)
            if (!suppressed[p]) keep.Add(orderArray[p]);
        return tensor(keep.ToArray(), dtype: ScalarType.Int64).MoveToOuterDisposeScope();
    }

    /// <summary>Marks, per position in score order, whether the box there is suppressed.</summary>
    static bool[] Suppress<T>(T[] xyxy, long[]? labels, double iouThreshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xyxy.Length / 4;
        var suppressed = new bool[n];
        foreach (int[] positions in GroupByLabel(n, labels))
            SuppressGroup(xyxy, positions, suppressed, iouThreshold);
        return suppressed;
    }

    /// <summary>Positions (ascending, i.e. in score order) of each class; one group of all when there are no labels.</summary>
    static IEnumerable<int[]> GroupByLabel(int n, long[]? labels)
    {
        if (labels is null) return [Enumerable.Range(0, n).ToArray()];
        var groups = new Dictionary<long, List<int>>();
        for (int p = 0; p < n; p++)
        {
            if (!groups.TryGetValue(labels[p], out var list)) groups[labels[p]] = list = [];
            list.Add(p);
        }
        return groups.Values.Select(list => list.ToArray());
    }

    /// <summary>
    /// torchvision's greedy loop over one group of boxes, already in decreasing score order, with the
    /// inner loop over later boxes done <see cref="Vector{T}.Count"/> boxes at a time.
    /// </summary>
    /// <remarks>
    /// torchvision skips boxes that are already suppressed; here they are compared anyway and their
    /// flag just stays set, which changes nothing but lets the loop run in SIMD lanes. Every lane does
    /// torchvision's scalar arithmetic (max, min, subtract, multiply, add, divide in the boxes'
    /// precision), so the IoUs are the same numbers. torchvision compares a float IoU with the double
    /// threshold; for float lanes the threshold is replaced by the largest float not above it, which
    /// gives the same answer for every float IoU.
    /// </remarks>
    static void SuppressGroup<T>(T[] xyxy, int[] positions, bool[] suppressed, double iouThreshold)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = positions.Length, width = Vector<T>.Count;
        // Padded to whole vectors; padding lanes hold zero boxes and are never read back.
        int padded = (m + width - 1) / width * width + width;
        var x1 = new T[padded];
        var y1 = new T[padded];
        var x2 = new T[padded];
        var y2 = new T[padded];
        var area = new T[padded];
        for (int k = 0; k < m; k++)
        {
            int p = positions[k] * 4;
            (x1[k], y1[k], x2[k], y2[k]) = (xyxy[p], xyxy[p + 1], xyxy[p + 2], xyxy[p + 3]);
            area[k] = (x2[k] - x1[k]) * (y2[k] - y1[k]);
        }

        // Suppression masks: all bits set (a NaN pattern) when suppressed, +0 otherwise.
        var dead = new T[padded];
        var threshold = new Vector<T>(LargestNotAbove<T>(iouThreshold));
        for (int i = 0; i < m; i++)
        {
            if (!T.IsZero(dead[i])) continue;
            Vector<T> ix1 = new(x1[i]), iy1 = new(y1[i]), ix2 = new(x2[i]), iy2 = new(y2[i]), iarea = new(area[i]);
            for (int j = i + 1; j < m; j += width)
            {
                var w = Vector.Max(Vector<T>.Zero, Vector.Min(ix2, Load(x2, j)) - Vector.Max(ix1, Load(x1, j)));
                var h = Vector.Max(Vector<T>.Zero, Vector.Min(iy2, Load(y2, j)) - Vector.Max(iy1, Load(y1, j)));
                var inter = w * h;
                var iou = inter / (iarea + Load(area, j) - inter);
                var over = Vector.GreaterThan(iou, threshold);
                (Load(dead, j) | over).CopyTo(dead, j);
            }
        }
        for (int k = 0; k < m; k++) suppressed[positions[k]] = !T.IsZero(dead[k]);
    }

    static Vector<T> Load<T>(T[] values, int start) where T : unmanaged => new(values.AsSpan(start));

    /// <summary>The largest <typeparamref name="T"/> not above <paramref name="threshold"/>: x &gt; it ⇔ (double)x &gt; threshold.</summary>
    static T LargestNotAbove<T>(double threshold) where T : IFloatingPointIeee754<T>
    {
        T t = T.CreateTruncating(threshold);
        return double.CreateTruncating(t) > threshold ? T.BitDecrement(t) : t;
    }
}
