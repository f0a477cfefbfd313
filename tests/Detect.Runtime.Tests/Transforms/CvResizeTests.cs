using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>Resize kernels against cv2.resize (python3-opencv 4.6), byte for byte.</summary>
public class CvResizeTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "down", "bilinear" }, { "down", "nearest" }, { "up", "bilinear" }, { "up", "nearest" },
        { "half", "bilinear" }, { "half", "nearest" }, { "wide", "bilinear" }, { "wide", "nearest" },
        { "tiny", "bilinear" }, { "tiny", "nearest" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOpenCvExactly(string name, string interpolation)
    {
        var expected = Fixtures.Png($"resized/{name}_{interpolation}.png");
        var source = name == "half" ? Fixtures.Png("resized/even_source.png") : Fixtures.Source;

        var actual = Resize.ResizeImage(source, expected.Height, expected.Width, interpolation);

        Fixtures.Identical(expected, actual);
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(300, 90)]
    [InlineData(40, 30)]
    public void KeepRatioResizeMatchesMmcvImrescale(int scaleW, int scaleH)
    {
        var expected = Fixtures.Png($"resized/rescale_{scaleW}x{scaleH}.png");
        var sample = Fixtures.Sample(Fixtures.Source, []);

        var resized = new Resize((scaleW, scaleH), keepRatio: true).Apply(sample, TransformContext.FromSeed(0));

        Fixtures.Identical(expected, resized.Img);
    }
}
