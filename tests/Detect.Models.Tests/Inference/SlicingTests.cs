using Detect.Inference;
using Detect.Ops;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Inference;

/// <summary>Sliced inference's pieces: sahi's patch placement and MMDetection's merge of patch predictions.</summary>
public sealed class SlicingTests
{
    [Fact]
    public void Patches_step_by_size_minus_overlap_and_the_last_ones_move_back_inside()
    {
        // sahi's get_slice_bboxes(700, 1000, 640, 640, 0.25, 0.25): overlap int(0.25 × 640) = 160, so the second column
        // would start at 480 and end at 1120 > 1000: it is moved to [360, 1000]; the second row likewise to [60, 700].
        var windows = SliceWindows.Of(700, 1000, new SliceOptions(640, 0.25));
        Assert.Equal([new(0, 0, 640, 640), new(360, 0, 640, 640), new(0, 60, 640, 640), new(360, 60, 640, 640)], windows);
        Assert.Equal([new SliceWindows.Window(0, 0, 300, 200)], SliceWindows.Of(200, 300, new SliceOptions(640, 0.25)));
        Assert.Equal(12, SliceWindows.Of(1500, 2000, new SliceOptions(640, 0.25)).Count);   // columns at 0, 480, 960, 1360; rows at 0, 480, 860
    }

    [Fact]
    public void Patch_predictions_are_shifted_and_merged_by_class_aware_nms()
    {
        // The same circle seen by two overlapping patches (offsets 0 and 100) and a square only the second sees.
        using var a = new InstanceData(tensor(new float[,] { { 110, 10, 150, 50 } }), tensor(new long[] { 0 }), tensor(new float[] { 0.9f }));
        using var b = new InstanceData(tensor(new float[,] { { 11, 11, 51, 51 }, { 12, 12, 52, 52 } }), tensor(new long[] { 0, 1 }), tensor(new float[] { 0.8f, 0.7f }));
        using var merged = SlicedPredictions.Merge([a, b], [new(0, 0, 200, 200), new(100, 0, 200, 200)], 0.25);
        Assert.Equal([0L, 1L], TensorValues.ToArray<long>(merged.Labels));
        Assert.Equal([0.9f, 0.7f], TensorValues.ToArray<float>(merged.Scores!));
        Assert.Equal([110f, 10, 150, 50, 112, 12, 152, 52], TensorValues.ToArray<float>(merged.Bboxes));
        using var none = SlicedPredictions.Merge([InstanceData.Empty(withScores: true)], [new(0, 0, 10, 10)], 0.25);
        Assert.Equal(0, none.Count);
    }

    [Fact]
    public void Kept_masks_are_pasted_into_the_whole_image_at_their_patch()
    {
        // A 4×8 image cut into two 4×5 patches at x = 0 and x = 3; the second patch's object (mask columns 1–2) is the
        // first patch's seen again with a lower score, and a second-class object only it sees (mask column 4, image column 7).
        static Tensor Columns(params int[] columns)
        {
            var m = zeros(4, 5, dtype: ScalarType.Bool);
            foreach (int c in columns) m[.., c] = tensor(true);
            return m;
        }
        using var a = new InstanceData(tensor(new float[,] { { 4, 0, 6, 4 } }), tensor(new long[] { 0 }), tensor(new float[] { 0.9f }), stack([Columns(4)]));
        using var b = new InstanceData(tensor(new float[,] { { 1, 0, 3, 4 }, { 4, 0, 5, 4 } }), tensor(new long[] { 0, 1 }), tensor(new float[] { 0.8f, 0.7f }),
            stack([Columns(1, 2), Columns(4)]));
        using var scope = NewDisposeScope();
        var merged = SlicedPredictions.Merge([a, b], [new(0, 0, 5, 4), new(3, 0, 5, 4)], 0.25, (4, 8));
        Assert.Equal([0.9f, 0.7f], TensorValues.ToArray<float>(merged.Scores!));
        Assert.Equal([2L, 4, 8], merged.Masks!.shape);
        Assert.Equal([false, false, false, false, true, false, false, false, false, false, false, false, false, false, false, true],
            merged.Masks[.., 0].flatten().data<bool>().ToArray());
        Assert.Throws<ArgumentException>(() => SlicedPredictions.Merge([a, b], [new(0, 0, 5, 4), new(3, 0, 5, 4)], 0.25));
    }
}
