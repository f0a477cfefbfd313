using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>
/// Resize kernels against mmcv.imresize / cv2.resize (python3-opencv 4.6), byte for byte: every
/// interpolation on shrinking (by fractions, exactly 2×, exactly 3×), enlarging, mixed and tiny
/// cases, with 3-channel, gray and BGRA sources — every case the golden script wrote.
/// </summary>
public class CvResizeTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Fixtures.Json.GetProperty("resize_cases").EnumerateArray())
            if (c.TryGetProperty("interpolation", out var interpolation)) data.Add(c.GetProperty("name").GetString()!, interpolation.GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOpenCvExactly(string name, string interpolation)
    {
        var c = Fixtures.Json.GetProperty("resize_cases").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name && e.GetProperty("interpolation").GetString() == interpolation);
        string source = c.GetProperty("source").GetString()!;
        var load = Loader(source);
        var expected = load($"resized/{name}_{interpolation}.png");

        var actual = Resize.ResizeImage(source == "scene" ? Fixtures.Source : load($"resized/{source}_source.png"),
            c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32(), MmcvInterpolation(interpolation));

        Fixtures.Identical(expected, actual);
    }

    [Fact]
    public void EveryInterpolationHasGoldensForOneThreeAndFourChannels()
    {
        var covered = Cases().Select(row => ((string)row[0], (string)row[1]))
            .Select(c => (Channels: c.Item1.StartsWith("gray") ? 1 : c.Item1.StartsWith("bgra") ? 4 : 3, Interpolation: MmcvInterpolation(c.Item2)))
            .ToHashSet();

        foreach (var interpolation in Enum.GetValues<Interpolation>())
            foreach (int channels in new[] { 1, 3, 4 })
                Assert.Contains((channels, interpolation), covered);
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

    /// <summary>mmcv's interpolation name ('bilinear', 'lanczos', ...) as the enum member it names.</summary>
    internal static Interpolation MmcvInterpolation(string name) => Enum.Parse<Interpolation>(name, ignoreCase: true);

    static Func<string, ImageBuffer> Loader(string source) =>
        source.StartsWith("gray") ? Fixtures.GrayPng : source.StartsWith("bgra") ? Fixtures.UnchangedPng : Fixtures.Png;
}
