using Detect.Transforms;
using Detect.Transforms.Imaging;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>
/// SkiaSharp decoding against cv2.imdecode. Lossless formats must match exactly. JPEG decoders may
/// round the inverse DCT and chroma upsampling differently (OpenCV uses Debian's libjpeg-turbo,
/// SkiaSharp its bundled one). Measured on these fixtures: colour JPEGs decode identically (difference
/// 0); we allow <see cref="JpegTolerance"/> = 1 level per channel so another libjpeg-turbo build does
/// not fail the test, and require a mean difference under 0.5. Grayscale decoding differs by up to 3
/// levels: cv2 returns libjpeg's luma plane, we apply cv2's BGR2GRAY weights to the decoded colours.
/// </summary>
public class ImageDecoderTests
{
    /// <summary>Documented colour JPEG tolerance versus OpenCV, per channel.</summary>
    const int JpegTolerance = 1;

    /// <summary>Documented grayscale tolerance (luma plane versus BGR2GRAY of the decoded colours).</summary>
    const int GrayTolerance = 3;

    static ImageBuffer Decode(string name, ColorType colorType = ColorType.Color) =>
        ImageDecoder.Decode(File.ReadAllBytes(Fixtures.PathOf($"images/{name}")), colorType);

    [Theory]
    [InlineData("scene.png")]
    [InlineData("scene.bmp")]
    [InlineData("scene.webp")]
    [InlineData("rgba.png")] // alpha dropped, colours unpremultiplied, as cv2's IMREAD_COLOR
    public void LosslessFormatsMatchOpenCvExactly(string name)
    {
        Fixtures.Identical(Fixtures.Png($"decoded/{name}.png"), Decode(name));
    }

    [Theory]
    [InlineData("scene.jpg")]
    [InlineData("gray.jpg")] // a one-channel JPEG comes out as three equal BGR channels
    [InlineData("exif3.jpg")]
    [InlineData("exif6.jpg")]
    [InlineData("exif8.jpg")] // EXIF orientations: rotated upright, as cv2's IMREAD_COLOR
    public void JpegMatchesOpenCvWithinTolerance(string name)
    {
        var expected = Fixtures.Png($"decoded/{name}.png");
        var actual = Decode(name);

        Assert.Equal((expected.Height, expected.Width, 3), (actual.Height, actual.Width, actual.Channels));
        Assert.InRange(Fixtures.MaxDiff(expected, actual), 0, JpegTolerance);
        double mean = 0;
        for (int i = 0; i < actual.Pixels.Length; i++) mean += Math.Abs(actual.Pixels[i] - expected.Pixels[i]);
        Assert.InRange(mean / actual.Pixels.Length, 0, 0.5);
    }

    [Fact]
    public void ExifOrientationSixTurnsTheImageUpright()
    {
        var source = Fixtures.Source; // 75×101, stored rotated in exif6.jpg
        var upright = Decode("exif6.jpg");

        Assert.Equal((source.Width, source.Height), (upright.Height, upright.Width));
    }

    [Fact]
    public void GrayscaleDecodeMatchesOpenCvWithinTolerance()
    {
        var expected = Fixtures.GrayPng("decoded/scene.jpg.gray.png");
        var actual = Decode("scene.jpg", ColorType.Grayscale);

        Assert.Equal(1, actual.Channels);
        Assert.InRange(Fixtures.MaxDiff(expected, actual), 0, GrayTolerance);
    }

    [Fact]
    public void TruncatedJpegIsAnError()
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf("images/scene.jpg"));

        var error = Assert.Throws<FormatException>(() => ImageDecoder.Decode(bytes.AsSpan(0, bytes.Length / 2)));

        Assert.Contains("truncated or corrupt", error.Message);
    }

    [Fact]
    public void GarbageIsAnError()
    {
        var error = Assert.Throws<FormatException>(() => ImageDecoder.Decode("not an image at all"u8));

        Assert.Contains("not a recognised image format", error.Message);
    }
}
