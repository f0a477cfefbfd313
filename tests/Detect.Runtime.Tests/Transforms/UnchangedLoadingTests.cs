using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>
/// LoadImageFromFile with <see cref="ColorType.Unchanged"/> against cv2.imdecode(IMREAD_UNCHANGED):
/// the file's own channels, no EXIF rotation; and the transforms that need three channels say so.
/// </summary>
public class UnchangedLoadingTests
{
    static PipelineSample Load(string name) =>
        new LoadImageFromFile(ColorType.Unchanged).Apply(Fixtures.Info(Fixtures.PathOf($"images/{name}"), 75, 101, []), TransformContext.FromSeed(0))!;

    [Theory]
    [InlineData("gray.png")]
    [InlineData("gray.jpg")]
    [InlineData("scene.jpg")]
    [InlineData("exif6.jpg")] // stored 75×101 with orientation 6: not turned, as cv2's IMREAD_UNCHANGED
    [InlineData("rgba.png")]
    public void KeepsTheShapeAndChannelsCv2Gives(string name)
    {
        var shape = Fixtures.Json.GetProperty("unchanged").GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

        var image = Load(name).Img;

        Assert.Equal((shape[0], shape[1], shape[2]), (image.Height, image.Width, image.Channels));
    }

    [Fact]
    public void AGrayPngIsItsGrayPlaneExactly()
    {
        Fixtures.Identical(Fixtures.GrayPng("resized/gray_source.png"), Load("gray.png").Img);
    }

    [Fact]
    public void AnRgbaPngKeepsItsColoursAndAlphaExactly()
    {
        var colour = Fixtures.Png("decoded/rgba.png.png");
        var alpha = Fixtures.GrayPng("decoded/rgba.png.alpha.png");

        var image = Load("rgba.png").Img;

        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                Assert.Equal([.. colour.At(y, x), alpha.At(y, x)[0]], image.At(y, x).ToArray());
    }

    [Theory]
    [InlineData("gray.jpg", "decoded/gray.jpg.unchanged.png")]
    [InlineData("exif6.jpg", "decoded/exif6.jpg.unchanged.png")]
    [InlineData("scene.jpg", "decoded/scene.jpg.png")]
    public void JpegsMatchCv2WithinTheJpegTolerance(string name, string golden)
    {
        var image = Load(name).Img;
        var expected = image.Channels == 1 ? Fixtures.GrayPng(golden) : Fixtures.Png(golden);

        Assert.InRange(Fixtures.MaxDiff(expected, image), 0, 1);
    }

    [Fact]
    public void ASixteenBitPngIsRefusedNamingTheFile()
    {
        string path = Fixtures.PathOf("images/gray16.png");

        var error = Assert.Throws<BadSampleException>(() => Load("gray16.png"));

        Assert.Equal(path, error.ImgPath);
        Assert.Contains("16-bit", error.Message);
    }

    [Fact]
    public void FourChannelsPackToFourPlanes()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var sample = Load("rgba.png");

        using var packed = new PackDetInputs().Apply(sample, TransformContext.FromSeed(0));

        Assert.Equal([4L, 75, 101], packed.Inputs.shape);
        Assert.Equal(sample.Img.At(10, 20)[3], packed.Inputs[3, 10, 20].item<byte>());
    }

    [Fact]
    public void TransformsThatNeedThreeChannelsNameTheFileAndThemselves()
    {
        var sample = Load("rgba.png");

        var error = Assert.Throws<BadSampleException>(() => new PhotoMetricDistortion().Apply(sample, TransformContext.FromSeed(0)));

        Assert.Equal(Fixtures.PathOf("images/rgba.png"), error.ImgPath);
        Assert.Contains("PhotoMetricDistortion", error.Message);
        Assert.Contains("3-channel", error.Message);
    }

    [Theory]
    [InlineData(Interpolation.Bicubic)]
    [InlineData(Interpolation.Area)]
    public void GeometricTransformsCarryFourChannels(Interpolation interpolation)
    {
        var context = TransformContext.FromSeed(0);

        var resized = new Resize((50, 37), interpolation: interpolation).Apply(Load("rgba.png"), context);
        var output = new Pad(sizeDivisor: 32).Apply(new RandomFlip(1.0).Apply(resized, context), context);

        Assert.Equal((64, 64, 4), (output.Img.Height, output.Img.Width, output.Img.Channels));
    }
}
