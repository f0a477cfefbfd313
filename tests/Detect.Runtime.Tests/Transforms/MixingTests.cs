using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>Mosaic and MixUp against what their geometry implies, on solid-colour images with full-image boxes.</summary>
public class MixingTests
{
    /// <summary>Dataset image i: a solid image of value 10·(i+1), size varying with i, one box covering it.</summary>
    sealed class SolidImages(int count) : IMixSource
    {
        public int Count => count;

        public PipelineSample Load(int index, TransformContext context) => Solid(index);

        public static PipelineSample Solid(int index)
        {
            int h = 40 + 7 * index, w = 50 + 5 * index;
            return Fixtures.Sample(ImageBuffer.Filled(h, w, 3, (byte)(10 * (index + 1))), [0, 0, w, h], [index]) with
            {
                Info = new DataInfo(index, $"solid{index}.png", h, w, []),
            };
        }
    }

    static TransformContext Context(int seed, int count = 6) => new(new Random(seed), new SolidImages(count));

    [Fact]
    public void MosaicPlacesFourImagesAroundTheCentreAndMovesTheirBoxes()
    {
        var mosaic = new Mosaic(imgScale: (64, 48));
        for (int seed = 0; seed < 20; seed++)
        {
            var output = mosaic.Apply(SolidImages.Solid(5), Context(seed));

            Assert.Equal((96, 128), output.ImgShape);
            var gt = output.Gt!;
            Assert.InRange(gt.Count, 1, 4);
            for (int i = 0; i < gt.Count; i++)
            {
                // Every surviving box is clipped to the canvas and filled with its own image's value.
                var box = gt.Bboxes.AsSpan(4 * i, 4).ToArray();
                Assert.All(box, v => Assert.InRange(v, 0, 128));
                int x = (int)((box[0] + box[2]) / 2), y = (int)((box[1] + box[3]) / 2);
                Assert.Equal((byte)(10 * (gt.Labels[i] + 1)), output.Img.At(y, x)[0]);
            }
            Assert.Equal(5, gt.Labels[0]); // the sample itself is the top-left image
        }
    }

    [Fact]
    public void MosaicCombineMatchesMmdetectionsFormula()
    {
        var mosaic = new Mosaic(imgScale: (640, 640));

        // Hand-evaluated mmdet _mosaic_combine for centre (700, 500) and a 400×300 (w×h) image.
        Assert.Equal(((300, 200, 700, 500), (0, 0, 400, 300)), mosaic.Placement(0, 700, 500, 400, 300));
        Assert.Equal(((700, 200, 1100, 500), (0, 0, 400, 300)), mosaic.Placement(1, 700, 500, 400, 300));
        Assert.Equal(((300, 500, 700, 800), (0, 0, 400, 300)), mosaic.Placement(2, 700, 500, 400, 300));
        Assert.Equal(((1100, 1000, 1280, 1280), (0, 0, 180, 280)), mosaic.Placement(3, 1100, 1000, 400, 300));
        Assert.Equal(((0, 0, 200, 100), (200, 200, 400, 300)), mosaic.Placement(0, 200, 100, 400, 300));
    }

    [Fact]
    public void MosaicWithProbabilityZeroLeavesTheSample()
    {
        var sample = SolidImages.Solid(1);

        Assert.Same(sample, new Mosaic(prob: 0).Apply(sample, Context(3)));
    }

    [Fact]
    public void MixUpAveragesWithTheDrawnImageAndKeepsBothBoxSets()
    {
        var mixup = new MixUp(imgScale: (60, 50));
        var sample = SolidImages.Solid(0) with { Img = ImageBuffer.Filled(40, 50, 3, 100) };
        for (int seed = 0; seed < 20; seed++)
        {
            var output = mixup.Apply(sample, Context(seed));

            Assert.Equal((40, 50), output.ImgShape);
            var gt = output.Gt!;
            Assert.Equal([0, 0, 50, 40], gt.Bboxes[..4]); // the sample's own box comes first, unchanged
            Assert.InRange(gt.Count, 1, 2);
            for (int i = 1; i < gt.Count; i++)
            {
                // Inside the drawn image's box (away from its resampled edges) the pixels are the
                // truncated mean of 100 and that image's value.
                var box = gt.Bboxes.AsSpan(4 * i, 4).ToArray();
                if (box[2] - box[0] < 4 || box[3] - box[1] < 4) continue;
                int x = (int)((box[0] + box[2]) / 2), y = (int)((box[1] + box[3]) / 2);
                Assert.Equal((byte)((100 + 10 * (gt.Labels[i] + 1)) >> 1), output.Img.At(y, x)[0]);
            }
        }
    }

    [Fact]
    public void MixingWithoutADatasetSaysHowToProvideOne()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Mosaic().Apply(SolidImages.Solid(0), TransformContext.FromSeed(0)));

        Assert.Contains("MultiImageMixDataset", error.Message);
    }

    [Fact]
    public void MixingRefusesMasksRatherThanLeavingThemStale()
    {
        var sample = SolidImages.Solid(0);
        sample = sample with { Gt = sample.Gt! with { Masks = new BitmapMasks(1, 40, 50, new byte[2000]) } };

        var error = Assert.Throws<InvalidOperationException>(() => new Mosaic(prob: 1).Apply(sample, Context(0)));

        Assert.Contains("boxes only", error.Message);
    }
}
