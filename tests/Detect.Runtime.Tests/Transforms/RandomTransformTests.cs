using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>RandomFlip's choice rule, RandomResize and RandomChoiceResize draws, RandomCrop, FilterAnnotations.</summary>
public class RandomTransformTests
{
    static readonly PipelineSample Small = Fixtures.Sample(Fixtures.RandomImage(10, 12, 3), [1, 1, 5, 4, 6, 2, 11, 9]);

    static Dictionary<string, int> FlipCounts(RandomFlip flip, int n = 4000)
    {
        var counts = new Dictionary<string, int>();
        for (int seed = 0; seed < n; seed++)
        {
            string key = flip.Apply(Small, TransformContext.FromSeed(seed)).FlipDirection ?? "none";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    [Fact]
    public void OneProbabilityIsSharedAmongTheDirections()
    {
        var counts = FlipCounts(new RandomFlip(0.6, [FlipDirection.Horizontal, FlipDirection.Vertical, FlipDirection.Diagonal]));

        foreach (var d in new[] { "horizontal", "vertical", "diagonal" }) Assert.InRange(counts[d], 800 - 120, 800 + 120);
        Assert.InRange(counts["none"], 1600 - 150, 1600 + 150);
    }

    [Fact]
    public void AListOfProbabilitiesIsPerDirection()
    {
        var counts = FlipCounts(new RandomFlip([0.3, 0.5], [FlipDirection.Horizontal, FlipDirection.Vertical]));

        Assert.InRange(counts["horizontal"], 1200 - 130, 1200 + 130);
        Assert.InRange(counts["vertical"], 2000 - 150, 2000 + 150);
        Assert.False(counts.ContainsKey("diagonal"));
        Assert.Equal(["prob: [0.3, 0.5]", "direction: [FlipDirection.Horizontal, FlipDirection.Vertical]"],
            new RandomFlip([0.3, 0.5], [FlipDirection.Horizontal, FlipDirection.Vertical]).Parameters.Select(p => $"{p.Name}: {TransformRepr.Value(p.Value)}"));
    }

    [Fact]
    public void HorizontalFlipMirrorsEveryPixelOfWideRows()
    {
        var image = Fixtures.RandomImage(3, 45, 8); // two 16-pixel SIMD blocks and a scalar tail

        var flipped = RandomFlip.FlipImage(image, FlipDirection.Horizontal);

        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 45; x++)
                Assert.Equal(image.At(y, x).ToArray(), flipped.At(y, 44 - x).ToArray());
    }

    [Fact]
    public void FlipProbabilityZeroNeverFlipsAndRecordsIt()
    {
        var output = new RandomFlip(0.0).Apply(Small with { Flip = true, FlipDirection = "vertical" }, TransformContext.FromSeed(1));

        Assert.False(output.Flip);
        Assert.Null(output.FlipDirection);
        Assert.Same(Small.Img, output.Img);
    }

    [Fact]
    public void RandomChoiceResizePicksEveryScale()
    {
        var transform = new RandomChoiceResize([(24, 20), (36, 30), (12, 10)], keepRatio: false);
        var sizes = Enumerable.Range(0, 60).Select(s => transform.Apply(Small, TransformContext.FromSeed(s)).ImgShape).ToHashSet();

        Assert.Equal([(10, 12), (20, 24), (30, 36)], sizes.Order());
    }

    [Fact]
    public void RandomResizeDrawsEdgesBetweenTwoScalesOrByRatio()
    {
        var range = new RandomResize([(20, 10), (30, 16)]);
        var ratio = new RandomResize([(20, 10)], (0.5, 2.0));
        for (int seed = 0; seed < 50; seed++)
        {
            var (h, w) = range.Apply(Small, TransformContext.FromSeed(seed)).ImgShape;
            Assert.InRange(w, 20, 30);
            Assert.InRange(h, 10, 16);
            var (rh, rw) = ratio.Apply(Small, TransformContext.FromSeed(seed)).ImgShape;
            Assert.InRange(rw, 10, 40);
            Assert.InRange(Math.Abs(rw / 2.0 - rh), 0, 1.0); // one ratio for both edges (truncated separately)
        }
    }

    [Fact]
    public void AbsoluteCropMovesAndFiltersBoxes()
    {
        var crop = new RandomCrop((6, 4));
        for (int seed = 0; seed < 40; seed++)
        {
            var rng = new Random(seed);
            int top = rng.Next(0, 10 - 4 + 1), left = rng.Next(0, 12 - 6 + 1); // the transform's own draws, replayed

            var output = crop.Apply(Small, TransformContext.FromSeed(seed));

            var expectedBoxes = new List<float>();
            foreach (var box in Small.Gt!.Bboxes.Chunk(4))
            {
                float[] moved = [Math.Clamp(box[0] - left, 0, 6), Math.Clamp(box[1] - top, 0, 4), Math.Clamp(box[2] - left, 0, 6), Math.Clamp(box[3] - top, 0, 4)];
                if (moved[0] < 6 && moved[1] < 4 && moved[2] > 0 && moved[3] > 0) expectedBoxes.AddRange(moved);
            }
            if (expectedBoxes.Count == 0)
            {
                Assert.Null(output);
                continue;
            }
            Assert.NotNull(output);
            Assert.Equal((4, 6), output.ImgShape);
            Assert.Equal(Small.Img.At(top, left).ToArray(), output.Img.At(0, 0).ToArray());
            Assert.Equal(expectedBoxes, output.Gt!.Bboxes);
        }
    }

    [Fact]
    public void CropCutsMasksAndCanRecomputeBoxesFromThem()
    {
        var mask = new byte[10 * 12];
        for (int y = 2; y < 7; y++)
            for (int x = 3; x < 9; x++) mask[y * 12 + x] = 1;
        var sample = Fixtures.Sample(Fixtures.RandomImage(10, 12, 3), [3, 2, 9, 7], masks: new BitmapMasks(1, 10, 12, mask));

        var output = new RandomCrop((1.0, 1.0), cropType: CropType.Relative, recomputeBbox: true).Apply(sample, TransformContext.FromSeed(0))!;

        Assert.Equal((10, 12), (output.Gt!.Masks!.Height, output.Gt.Masks.Width));
        Assert.Equal([3f, 2, 9, 7], output.Gt.Bboxes);
        Assert.Equal(30, output.Gt.Masks.Areas().Single());
    }

    [Fact]
    public void FilterAnnotationsKeepsBoxesStrictlyLargerThanTheMinimum()
    {
        var sample = Fixtures.Sample(Fixtures.RandomImage(10, 10, 0), [0, 0, 2, 2, 0, 0, 2.5f, 2.5f, 1, 1, 9, 2]);

        var output = new FilterAnnotations(minGtBboxWh: (2, 2)).Apply(sample, TransformContext.FromSeed(0))!;

        Assert.Equal([0f, 0, 2.5f, 2.5f], output.Gt!.Bboxes);
        Assert.Equal([1L], output.Gt.Labels);
    }

    [Fact]
    public void FilterAnnotationsKeepEmptyDropsTheSampleAsMmdetectionDoes()
    {
        var sample = Fixtures.Sample(Fixtures.RandomImage(10, 10, 0), [0, 0, 1, 1]);

        Assert.Null(new FilterAnnotations(keepEmpty: true).Apply(sample, TransformContext.FromSeed(0)));
        Assert.Equal(0, new FilterAnnotations(keepEmpty: false).Apply(sample, TransformContext.FromSeed(0))!.Gt!.Count);
    }
}
