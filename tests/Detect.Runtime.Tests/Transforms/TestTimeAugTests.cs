using Detect.Structures;
using Detect.Transforms;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Transforms;

public class TestTimeAugTests
{
    static readonly TestTimeAug FlipsAndScales = new(
        [[new Resize((60, 40), keepRatio: true), new Resize((120, 80), keepRatio: true)],
         [new RandomFlip(1.0), new RandomFlip(0.0)]]);

    [Fact]
    public void MakesEveryCombinationInOrder()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var sample = Fixtures.Sample(Fixtures.RandomImage(20, 30, 5), [3, 4, 10, 12]);

        using var views = FlipsAndScales.Apply(sample, TransformContext.FromSeed(0));

        var metas = views.Views.Select(v => v.DataSample.Meta).ToList();
        // 20×30 fits (60, 40) at factor 2: the box [3, 4, 10, 12] becomes [6, 8, 20, 24], mirrored in 60 columns.
        Assert.Equal([(40, 60), (40, 60), (80, 120), (80, 120)], metas.Select(m => m.ImgShape));
        Assert.Equal([true, false, true, false], metas.Select(m => m.Flip));
        Assert.All(metas, m => Assert.Equal((20, 30), m.OriShape));
        Assert.Equal([60f - 20, 8, 60f - 6, 24], views.Views[0].DataSample.GtInstances!.Bboxes.data<float>().ToArray());
    }

    [Fact]
    public void MergerFlipsBackConcatenatesAndSuppressesDuplicates()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var meta = new ImageMeta(1, "a.jpg", (20, 30), (40, 60), (40, 60), (2, 2));
        // The same object seen in two views: once plainly, once in a horizontally flipped view (its box
        // mirrored in the 30-wide original), plus a second class at the same place.
        var plain = new DetDataSample(meta, PredInstances: new InstanceData(
            tensor(new float[] { 3, 4, 10, 12 }, [1, 4]), tensor(new long[] { 0 }), tensor(new float[] { 0.9f })));
        var flipped = new DetDataSample(meta with { Flip = true, FlipDirection = "horizontal" }, PredInstances: new InstanceData(
            tensor(new float[] { 20, 4, 27, 12, 20, 4, 27, 12 }, [2, 4]), tensor(new long[] { 0, 1 }), tensor(new float[] { 0.8f, 0.7f })));

        foreach (var merger in new[] { new DetTtaMerger(0.5, 10), new DetTtaMerger(0.5, 10, ReferenceBatchedNms) })
        {
            var merged = merger.Merge([plain, flipped]).PredInstances!;

            Assert.Equal([3f, 4, 10, 12, 3, 4, 10, 12], merged.Bboxes.flatten().data<float>().ToArray());
            Assert.Equal([0.9f, 0.7f], merged.Scores!.data<float>().ToArray());
            Assert.Equal([0L, 1L], merged.Labels.data<long>().ToArray());
        }
        var capped = new DetTtaMerger(maxPerImg: 1).Merge([plain, flipped]).PredInstances!;
        Assert.Equal([0.9f], capped.Scores!.data<float>().ToArray());
    }

    [Fact]
    public void MergerKeepsEachKeptDetectionsMaskFlippedBack()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var meta = new ImageMeta(1, "a.jpg", (4, 6), (4, 6), (4, 6), (1, 1));
        // Masks in the 4×6 original: the plain view's object covers columns 0–1; the flipped view saw the same object
        // mirrored (columns 4–5) with a lower score, and a second-class object at columns 3–4 (columns 1–2 unflipped).
        static Tensor Mask(params int[] columns)
        {
            var m = zeros(4, 6, dtype: ScalarType.Bool);
            foreach (int c in columns) m[.., c] = tensor(true);
            return m;
        }
        var plain = new DetDataSample(meta, PredInstances: new InstanceData(
            tensor(new float[] { 0, 0, 2, 4 }, [1, 4]), tensor(new long[] { 0 }), tensor(new float[] { 0.9f }), stack([Mask(0, 1)])));
        var flipped = new DetDataSample(meta with { Flip = true, FlipDirection = "horizontal" }, PredInstances: new InstanceData(
            tensor(new float[] { 4, 0, 6, 4, 3, 0, 5, 4 }, [2, 4]), tensor(new long[] { 0, 1 }), tensor(new float[] { 0.8f, 0.7f }),
            stack([Mask(4, 5), Mask(3, 4)])));

        var merged = new DetTtaMerger(0.5, 10).Merge([plain, flipped]).PredInstances!;

        Assert.Equal([0.9f, 0.7f], merged.Scores!.data<float>().ToArray());
        Assert.Equal([2L, 4, 6], merged.Masks!.shape);
        // Row 0 of each kept mask: the plain view's own, and the second object's flipped back to columns 1–2.
        Assert.Equal([true, true, false, false, false, false, false, true, true, false, false, false],
            merged.Masks[.., 0].flatten().data<bool>().ToArray());
        Assert.Throws<ArgumentException>(() => new DetTtaMerger().Merge([plain, flipped with { PredInstances = new InstanceData(
            tensor(new float[] { 4, 0, 6, 4 }, [1, 4]), tensor(new long[] { 0 }), tensor(new float[] { 0.8f })) }]));
    }

    /// <summary>Greedy class-aware NMS written out plainly: the merger gives the same with it as with Detect.Ops.</summary>
    static Tensor ReferenceBatchedNms(Tensor boxes, Tensor scores, Tensor labels, double iouThreshold)
    {
        var b = boxes.data<float>().ToArray();
        var s = scores.data<float>().ToArray();
        var l = labels.data<long>().ToArray();
        var order = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ToList();
        var keep = new List<long>();
        foreach (int i in order)
        {
            bool suppressed = keep.Any(k => l[k] == l[i] && Iou(b, (int)k, i) > iouThreshold);
            if (!suppressed) keep.Add(i);
        }
        return tensor(keep.ToArray());
    }

    static double Iou(float[] b, int i, int j)
    {
        double w = Math.Max(0, Math.Min(b[4 * i + 2], b[4 * j + 2]) - Math.Max(b[4 * i], b[4 * j]));
        double h = Math.Max(0, Math.Min(b[4 * i + 3], b[4 * j + 3]) - Math.Max(b[4 * i + 1], b[4 * j + 1]));
        double area(int k) => (b[4 * k + 2] - b[4 * k]) * (b[4 * k + 3] - b[4 * k + 1]);
        return w * h / (area(i) + area(j) - w * h);
    }
}
