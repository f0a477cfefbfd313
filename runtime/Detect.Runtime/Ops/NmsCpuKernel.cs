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
        long[] orderArray = order.data<long>().ToArray();
        long[]? sortedLabels = labels?.index_select(0, order).to(ScalarType.Int64).data<long>().ToArray();
        var sortedBoxes = boxes.index_select(0, order).contiguous();

        bool[] suppressed = boxes.dtype == ScalarType.Float32
            ? Suppress(sortedBoxes.data<float>().ToArray(), sortedLabels, iouThreshold)
            : Suppress(sortedBoxes.data<double>().ToArray(), sortedLabels, iouThreshold);

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

    /// <summary>torchvision's greedy loop over one group of boxes, already in decreasing score order.</summary>
    static void SuppressGroup<T>(T[] xyxy, int[] positions, bool[] suppressed, double iouThreshold)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = positions.Length;
        var x1 = new T[m];
        var y1 = new T[m];
        var x2 = new T[m];
        var y2 = new T[m];
        var area = new T[m];
        for (int k = 0; k < m; k++)
        {
            int p = positions[k] * 4;
            (x1[k], y1[k], x2[k], y2[k]) = (xyxy[p], xyxy[p + 1], xyxy[p + 2], xyxy[p + 3]);
            area[k] = (x2[k] - x1[k]) * (y2[k] - y1[k]);
        }

        var dead = new bool[m];
        for (int i = 0; i < m; i++)
        {
            if (dead[i]) continue;
            T ix1 = x1[i], iy1 = y1[i], ix2 = x2[i], iy2 = y2[i], iarea = area[i];
            for (int j = i + 1; j < m; j++)
            {
                if (dead[j]) continue;
                // std::max/std::min as torchvision uses them, in the boxes' own precision.
                T w = Max(T.Zero, Min(ix2, x2[j]) - Max(ix1, x1[j]));
                T h = Max(T.Zero, Min(iy2, y2[j]) - Max(iy1, y1[j]));
                T inter = w * h;
                T iou = inter / (iarea + area[j] - inter);
                if (double.CreateTruncating(iou) > iouThreshold) dead[j] = true;
            }
        }
        for (int k = 0; k < m; k++) suppressed[positions[k]] = dead[k];
    }

    static T Max<T>(T a, T b) where T : IFloatingPointIeee754<T> => a < b ? b : a;

    static T Min<T>(T a, T b) where T : IFloatingPointIeee754<T> => b < a ? b : a;
}
