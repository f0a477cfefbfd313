using Detect.Evaluation;
using Detect.Inference;
using Detect.Ops;
using Detect.Platform;
using Detect.Structures;
using Detect.Transforms;
using Detect.Visualization;
using SkiaSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Inference;

/// <summary>
/// An image where the model finds nothing is an ordinary result: every consumer of predictions (COCO results,
/// prediction JSON, drawing, TTA merging) takes zero-row tensors — with masks too — and gives the empty answer.
/// </summary>
public sealed class ZeroDetectionsTests
{
    static readonly ImageMeta Meta = new(7, "7.jpg", (20, 30), (20, 30), (20, 30), (1, 1));

    static InstanceData Nothing(bool masks = false) =>
        new(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), zeros(0), masks ? zeros([0, 20, 30], dtype: ScalarType.Bool) : null);

    [Fact]
    public void Tensor_values_read_zero_elements_and_convert_the_rest()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        Assert.Empty(TensorValues.ToArray<float>(zeros(0, 4)));
        Assert.Empty(TensorValues.ToArray<bool>(zeros([3, 0, 5], dtype: ScalarType.Bool)));
        // Any dtype, device-independent, non-contiguous and autograd tensors: read as the array's type, row-major.
        var t = tensor(new double[] { 1.5, 2, 3, 4, 5, 6 }, [2, 3]).t();
        Assert.Equal([1.5f, 4, 2, 5, 3, 6], TensorValues.ToArray<float>(t));
        Assert.Equal([1L, 4, 2, 5, 3, 6], TensorValues.ToArray<long>(t));
        Assert.Equal([2f], TensorValues.ToArray<float>(ones(1, requires_grad: true) * 2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Coco_results_of_no_predictions_are_empty(bool masks)
    {
        TorchRuntime.EnsureInitialized();
        using var pred = Nothing(masks);
        var sample = new DetDataSample(Meta, PredInstances: pred);
        Assert.Empty(PredictionResults.Boxes(sample, [1, 2, 3]));
        if (masks) Assert.Empty(PredictionResults.Masks(sample, [1, 2, 3]));
    }

    [Fact]
    public void Prediction_json_of_no_predictions_has_empty_lists()
    {
        TorchRuntime.EnsureInitialized();
        using var folder = new TempFolder();
        using var pred = Nothing(masks: true);
        string path = Path.Combine(folder.Root, "preds", "7.json");
        PredictionJson.Write(path, pred);
        Assert.Equal("""{"labels":[],"scores":[],"bboxes":[],"masks":[]}""", File.ReadAllText(path));
        var (labels, scores, boxes) = PredictionJson.Read(path);
        Assert.Empty(labels);
        Assert.Empty(scores);
        Assert.Empty(boxes);
    }

    [Fact]
    public void Drawing_no_predictions_leaves_the_image_as_it_was()
    {
        TorchRuntime.EnsureInitialized();
        using var pred = Nothing(masks: true);
        using var bitmap = new SKBitmap(30, 20);
        bitmap.Erase(new SKColor(10, 20, 30));
        var before = bitmap.Pixels;
        DetVisualizer.Draw(bitmap, pred, ["a", "b", "c"], scoreThr: 0);
        Assert.Equal(before, bitmap.Pixels);

        using var folder = new TempFolder();
        using var image = zeros([3, 20, 30], dtype: ScalarType.Byte);
        string jpeg = Path.Combine(folder.Root, "7.jpg");
        DetVisualizer.DrawToFile(image, pred, null, 0.3, jpeg);
        using var read = ImageFiles.ReadBgr(jpeg);
        Assert.Equal([3L, 20, 30], read.shape);
    }

    [Fact]
    public void Tta_merges_views_that_found_nothing()
    {
        TorchRuntime.EnsureInitialized();
        var flipped = Meta with { Flip = true, FlipDirection = "horizontal" };
        var merger = new DetTtaMerger(0.5, 10);
        var none = merger.Merge([new DetDataSample(Meta, PredInstances: Nothing()), new DetDataSample(flipped, PredInstances: Nothing())]).PredInstances!;
        Assert.Equal(0, none.Count);
        Assert.Equal([0L, 4], none.Bboxes.shape);

        // One view found the object, the other nothing: the merge is that view's box, flipped back.
        var found = new InstanceData(tensor(new float[] { 20, 4, 27, 12 }, [1, 4]), tensor(new long[] { 1 }), tensor(new float[] { 0.8f }));
        var merged = merger.Merge([new DetDataSample(Meta, PredInstances: Nothing()), new DetDataSample(flipped, PredInstances: found)]).PredInstances!;
        Assert.Equal([3f, 4, 10, 12], TensorValues.ToArray<float>(merged.Bboxes));
        Assert.Equal([1L], TensorValues.ToArray<long>(merged.Labels));
    }
}
