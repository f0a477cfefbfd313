using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// NMS from tensor ops, for any device: IoU rows are computed on the boxes' device a block at a time,
/// the greedy pass runs on the CPU over those rows (as torchvision's CUDA kernel does with its bit mask).
/// </summary>
/// <remarks>
/// Rows are processed in score order in blocks of <see cref="BlockRows"/>; a block only needs columns at
/// or after its first row, and whether a box survives depends only on earlier rows, so memory stays
/// O(block × N) instead of N×N.
/// </remarks>
internal static class NmsTensorPath
{
    const int BlockRows = 512;

    public static Tensor Run(Tensor boxes, Tensor scores, Tensor? labels, double iouThreshold)
    {
        using var scope = NewDisposeScope();
        int n = (int)boxes.shape[0];
        var order = scores.to(boxes.device).sort(0, descending: true, stable: true).Indices;
        var sorted = boxes.index_select(0, order);
        var sortedLabels = labels?.to(boxes.device).index_select(0, order);

        var dead = new bool[n];
        var kept = new List<long>();
        for (int start = 0; start < n; start += BlockRows)
        {
            int end = Math.Min(start + BlockRows, n);
            bool[] rows = SuppressionRows(sorted, sortedLabels, start, end, iouThreshold);
            int width = n - start;
            for (int i = start; i < end; i++)
            {
                if (dead[i]) continue;
                kept.Add(i);
                int row = (i - start) * width;
                for (int j = i + 1; j < n; j++) dead[j] |= rows[row + j - start];
            }
        }
        var keptPositions = tensor(kept.ToArray(), dtype: ScalarType.Int64, device: order.device);
        return order.index_select(0, keptPositions).MoveToOuterDisposeScope();
    }

    /// <summary>For rows [start, end) and columns [start, N): does row i suppress column j (IoU &gt; threshold, same label)?</summary>
    static bool[] SuppressionRows(Tensor sorted, Tensor? sortedLabels, int start, int end, double iouThreshold)
    {
        using var scope = NewDisposeScope();
        var rows = sorted[start..end];
        var cols = sorted[start..];
        // eps = 0: torchvision's plain inter / union, no clamping. The comparison is made in float64, as
        // torchvision compares its float IoU with the double threshold (a float32 compare would round it).
        using var threshold = iouThreshold.ToScalar();
        var suppresses = BoxIou.Pairwise(rows, cols, IouMode.Iou, eps: 0).to(ScalarType.Float64).gt(threshold);
        if (sortedLabels is not null)
            suppresses = suppresses.logical_and(sortedLabels[start..end].unsqueeze(1).eq(sortedLabels[start..].unsqueeze(0)));
        return TensorValues.ToArray<bool>(suppresses);
    }
}
