using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>LoadAnnotations(withMask) through Detect.Masks, and masks following the geometric transforms.</summary>
public class MaskLoadingTests
{
    static PipelineSample Loaded(params InstanceInfo[] instances)
    {
        var info = new DataInfo(5, "masks.jpg", 10, 12, instances);
        var sample = new PipelineSample { Info = info, Img = Fixtures.RandomImage(10, 12, 2), OriShape = (10, 12) };
        return new LoadAnnotations(withMask: true).Apply(sample, TransformContext.FromSeed(0));
    }

    static string Rows(BitmapMasks masks, int i) =>
        string.Join(" ", Enumerable.Range(0, masks.Height).Select(y =>
            string.Concat(masks.Mask(i).Slice(y * masks.Width, masks.Width).ToArray().Select(v => v.ToString()))));

    [Fact]
    public void PolygonsAreRasterizedAndMergedAsPycocotools()
    {
        var sample = Loaded(new InstanceInfo([1, 1, 11, 9], 0, false,
            new PolygonSegmentation([[1, 1, 10, 2, 4, 8], [9, 7, 11, 7, 11, 9]]), 31));

        // pycocotools: mask.decode(mask.merge(mask.frPyObjects(polygons, 10, 12))).
        Assert.Equal("000000000000 011111000000 001111111000 001111110000 000111100000 000111000000 " +
                     "000110000000 000000000010 000000000000 000000000000", Rows(sample.Gt!.Masks!, 0));
    }

    [Fact]
    public void UncompressedRleIsDecodedColumnMajor()
    {
        var sample = Loaded(new InstanceInfo([0, 0, 4, 3], 1, false, new RleSegmentation(10, 12, [1, 2, 3, 6, 108]), 32));

        // Runs over columns of 10: pixels 1–2 of column 0, then 6–11 (rows 6–9 of column 0, 0–1 of column 1).
        Assert.Equal("010000000000 110000000000 100000000000 000000000000 000000000000 000000000000 " +
                     "100000000000 100000000000 100000000000 100000000000", Rows(sample.Gt!.Masks!, 0));
    }

    [Fact]
    public void InvalidPolygonsKeepTheInstanceIgnoredWithAnEmptyMask()
    {
        var sample = Loaded(
            new InstanceInfo([2, 2, 8, 6], 0, false, new PolygonSegmentation([[2, 2, 8, 2, 8, 6, 2, 6]]), 40),
            new InstanceInfo([1, 1, 3, 3], 2, false, new PolygonSegmentation([[1, 1, 3, 3]]), 41));

        Assert.Equal([false, true], sample.Gt!.IgnoreFlags);
        Assert.Equal([24, 0], sample.Gt.Masks!.Areas());
    }

    [Fact]
    public void WrongSizedRleNamesTheAnnotation()
    {
        var error = Assert.Throws<BadSampleException>(() =>
            Loaded(new InstanceInfo([0, 0, 1, 1], 0, false, new RleSegmentation(5, 5, [25]), 77)));

        Assert.Equal(77, error.AnnotationId);
        Assert.Contains("5×5 but the image is 10×12", error.Message);
    }

    [Fact]
    public void MasksFollowResizeFlipAndPad()
    {
        var sample = Loaded(new InstanceInfo([2, 2, 8, 6], 0, false, new PolygonSegmentation([[2, 2, 8, 2, 8, 6, 2, 6]]), 40));
        var context = TransformContext.FromSeed(0);

        sample = new Resize((24, 20), keepRatio: true).Apply(sample, context);
        sample = new RandomFlip(1.0).Apply(sample, context);
        sample = new Pad(sizeDivisor: 16).Apply(sample, context);

        var masks = sample.Gt!.Masks!;
        Assert.Equal((32, 32), (masks.Height, masks.Width));
        Assert.Equal([24f - 16, 4, 24f - 4, 12], sample.Gt.Bboxes); // the box [2, 2, 8, 6] ×2, mirrored in 24 columns
        Assert.Equal([8f, 4, 20, 12], MaskBoxes.FromMasks(masks)); // and the mask agrees with it
    }
}
