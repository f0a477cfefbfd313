using System.Text.Json;
using Detect.Models.PostProcessing;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.PostProcessing;

/// <summary>
/// <see cref="BatchedNms"/> from <c>split_thr</c> on (class by class) orders survivors with equal scores as torchvision's
/// <c>batched_nms</c> does above 1000 boxes (and MMCV's from its <c>split_thr</c>): by the default, unstable sort of their
/// scores taken in index order — not index order. tests/golden/postprocessing/batched_nms_ties_golden.py: 1200 boxes, five
/// ids, mostly score 1.0; torchvision 0.14 keeps 233, 141 of them at 1.0, in an order the test compares exactly. The RPN's
/// <c>max_per_img</c> cut of a torchvision model falls inside such a tie block when its objectness saturates.
/// </summary>
public sealed class BatchedNmsTieOrderTests
{
    public BatchedNmsTieOrderTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void ClassByClassOrdersTiesAsTorchvision()
    {
        using var scope = NewDisposeScope();
        var golden = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "PostProcessing", "Fixtures", "batched_nms_ties.json"))).RootElement;
        var boxes = tensor(golden.GetProperty("boxes").EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => (float)v.GetInt32())).ToArray()).view(-1, 4);
        var scores = tensor(golden.GetProperty("scores").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray());
        var idxs = tensor(golden.GetProperty("idxs").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        long[] expected = [.. golden.GetProperty("keep").EnumerateArray().Select(v => v.GetInt64())];

        var keep = BatchedNms.Apply(boxes, scores, idxs, new NmsConfig(golden.GetProperty("iou_threshold").GetDouble(), splitThr: 1001)).Keep.data<long>().ToArray();

        Assert.Equal(expected.Order(), keep.Order());   // the same survivors …
        Assert.Equal(expected, keep);                    // … in torchvision's order, ties included
    }
}
