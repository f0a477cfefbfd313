using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

public sealed class LoadingTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("detect-loading-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static PipelineSample? Load(string path, bool ignoreEmpty = false) =>
        new LoadImageFromFile(ignoreEmpty: ignoreEmpty).Apply(Fixtures.Info(path, 75, 101, []), TransformContext.FromSeed(0));

    [Fact]
    public void LoadsTheImageAndRecordsItsShapes()
    {
        var sample = Load(Fixtures.PathOf("images/exif6.jpg"))!;

        Assert.Equal((101, 75), sample.OriShape); // upright: the stored 75×101 turned by 90°
        Assert.Equal(sample.OriShape, sample.ImgShape);
        Assert.Equal(3, sample.Img.Channels);
        Assert.Null(sample.Gt);
    }

    [Fact]
    public void GrayscaleLoadingGivesOneChannelAndPacksToOneByHByW()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var info = Fixtures.Info(Fixtures.PathOf("images/scene.png"), 75, 101, []);
        var sample = new LoadImageFromFile(colorType: ColorType.Grayscale).Apply(info, TransformContext.FromSeed(0))!;

        using var packed = new PackDetInputs().Apply(sample, TransformContext.FromSeed(0));

        Assert.Equal(1, sample.Img.Channels);
        Assert.Equal([1L, 75, 101], packed.Inputs.shape);
    }

    [Fact]
    public void MissingFileNamesTheFile()
    {
        string path = Path.Combine(dir, "nowhere.jpg");

        var error = Assert.Throws<BadSampleException>(() => Load(path));

        Assert.Equal(path, error.ImgPath);
        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void CorruptJpegNamesTheFile()
    {
        var jpeg = File.ReadAllBytes(Fixtures.PathOf("images/scene.jpg"));
        string path = Write("truncated.jpg", jpeg[..(jpeg.Length / 3)]);

        var error = Assert.Throws<BadSampleException>(() => Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("cannot decode", error.Message);
        Assert.IsType<FormatException>(error.InnerException);
    }

    [Fact]
    public void IgnoreEmptyDropsUnreadableImages()
    {
        Assert.Null(Load(Write("garbage.jpg", [1, 2, 3, 4]), ignoreEmpty: true));
        Assert.Null(Load(Path.Combine(dir, "missing.png"), ignoreEmpty: true));
    }

    [Fact]
    public void LoadAnnotationsReadsBoxesLabelsAndIgnoreFlags()
    {
        var info = Fixtures.Info(Fixtures.PathOf("images/scene.png"), 75, 101,
            [[1, 2, 30, 40], [5.5f, 6.5f, 7.5f, 8.5f]], ignore: [false, true]);
        var sample = new LoadImageFromFile().Apply(info, TransformContext.FromSeed(0))!;

        var gt = new LoadAnnotations().Apply(sample, TransformContext.FromSeed(0)).Gt!;

        Assert.Equal([1, 2, 30, 40, 5.5f, 6.5f, 7.5f, 8.5f], gt.Bboxes);
        Assert.Equal([0L, 1L], gt.Labels);
        Assert.Equal([false, true], gt.IgnoreFlags);
        Assert.Null(gt.Masks);
    }

    public static TheoryData<float[], int, string> Malformed() => new()
    {
        { new float[] { 1, 2, 3 }, 0, "4 numbers" },
        { new float[] { 1, float.NaN, 3, 4 }, 0, "non-finite" },
        { new float[] { 10, 2, 3, 4 }, 0, "x2 < x1" },
        { new float[] { 1, 2, 3, 4 }, -1, "negative" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedAnnotationsNameTheFileAndAnnotation(float[] bbox, int label, string reason)
    {
        var info = new DataInfo(3, "images/x.jpg", 10, 10, [new InstanceInfo([0, 0, 1, 1], 0, false, null, 41), new InstanceInfo(bbox, label, false, null, 42)]);
        var sample = new PipelineSample { Info = info, Img = Fixtures.RandomImage(10, 10, 0), OriShape = (10, 10) };

        var error = Assert.Throws<BadSampleException>(() => new LoadAnnotations().Apply(sample, TransformContext.FromSeed(0)));

        Assert.Equal(42, error.AnnotationId);
        Assert.StartsWith("images/x.jpg: annotation 42: ", error.Message);
        Assert.Contains(reason, error.Message);
    }
}
