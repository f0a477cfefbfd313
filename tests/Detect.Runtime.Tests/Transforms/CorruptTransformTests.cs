using Detect.Datasets;
using Detect.Transforms;
using Detect.Transforms.Corruptions;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>The <c>Corrupt</c> transform, the corruption catalogue, and what the random parts draw.</summary>
public class CorruptTransformTests
{
    static ImageBuffer TestImage(int h = 40, int w = 48, int channels = 3)
    {
        var bytes = new byte[h * w * channels];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 37 % 251);
        return new ImageBuffer(h, w, channels, bytes);
    }

    static PipelineSample Sample(ImageBuffer image) =>
        new() { Info = new DataInfo(1, "x.jpg", image.Height, image.Width, []), Img = image, OriShape = (image.Height, image.Width) };

    [Fact]
    public void EveryCorruptionRunsAtEverySeverityAndIsReproducibleUnderASeed()
    {
        var image = TestImage();
        foreach (var corruption in CorruptionCatalog.Benchmark)
            for (int severity = 1; severity <= 5; severity++)
            {
                var a = new Corrupt(corruption.Name, severity).Apply(Sample(image), TransformContext.FromSeed(3));
                var b = new Corrupt(corruption.Name, severity).Apply(Sample(image), TransformContext.FromSeed(3));
                Assert.Equal((40, 48, 3), (a.Img.Height, a.Img.Width, a.Img.Channels));
                Assert.True(a.Img.Pixels.SequenceEqual(b.Img.Pixels), $"{corruption.Name}/{severity} is not reproducible");
                Assert.False(a.Img.Pixels.SequenceEqual(image.Pixels), $"{corruption.Name}/{severity} changed nothing");
            }
    }

    [Fact]
    public void GrayImagesAreStackedAndSmallImagesRefused()
    {
        var gray = new Corrupt("contrast", 2).Apply(Sample(TestImage(channels: 1)), TransformContext.FromSeed(0));
        Assert.Equal(3, gray.Img.Channels);
        var small = Assert.Throws<BadSampleException>(() => new Corrupt("fog", 1).Apply(Sample(TestImage(20, 40)), TransformContext.FromSeed(0)));
        Assert.Contains("at least 32×32", small.Message);
        Assert.Throws<ArgumentException>(() => new Corrupt("fog", 6));
        Assert.Contains("known:", Assert.Throws<ArgumentException>(() => new Corrupt("rain", 1)).Message);
        Assert.Contains("hold-out", Assert.Throws<ArgumentException>(() => CorruptionCatalog.Get("spatter")).Message);
    }

    [Fact]
    public void SelectionsAreMmdetections()
    {
        Assert.Equal(15, CorruptionCatalog.Resolve(["benchmark"], out _).Count);
        Assert.Equal(["gaussian_noise", "shot_noise", "impulse_noise"], CorruptionCatalog.Resolve(["noise"], out _).Select(c => c.Name));
        Assert.Equal(["defocus_blur", "glass_blur", "motion_blur", "zoom_blur"], CorruptionCatalog.Resolve(["blur"], out _).Select(c => c.Name));
        Assert.Equal(["snow", "frost", "fog", "brightness"], CorruptionCatalog.Resolve(["weather"], out _).Select(c => c.Name));
        Assert.Equal(["contrast", "elastic_transform", "pixelate", "jpeg_compression"], CorruptionCatalog.Resolve(["digital"], out _).Select(c => c.Name));
        Assert.Equal(["snow", "fog"], CorruptionCatalog.Resolve(["snow", "fog"], out var none).Select(c => c.Name));
        Assert.Null(none);
        Assert.Equal(15, CorruptionCatalog.Resolve(["all"], out var note).Count);
        Assert.Contains("spatter", note);
    }

    [Fact]
    public void RandomDrawsHaveTheirDistributions()
    {
        var rng = new Random(1);
        var normals = RandomDraws.Normals(rng, 20001);
        Assert.InRange(normals.Average(), -0.03, 0.03);
        Assert.InRange(normals.Select(v => v * v).Average(), 0.97, 1.03);
        var counts = Enumerable.Range(0, 20000).Select(_ => RandomDraws.Poisson(rng, 12)).ToArray();
        double mean = counts.Average();
        Assert.InRange(mean, 11.85, 12.15);
        Assert.InRange(counts.Select(k => (k - mean) * (k - mean)).Average(), 11.5, 12.5);   // Poisson: variance = mean
    }

    [Fact]
    public void SyntheticFrostHasThePhotographsColourStatistics()
    {
        // imagecorruptions' frost1–frost5: per-channel means about (B, G, R) = (179, 166, 143), standard deviations 15–45.
        var frost = FrostTexture.Generate(300, 400, new Random(0)).Pixels.ToArray();
        for (int ch = 0; ch < 3; ch++)
        {
            var values = frost.Where((_, i) => i % 3 == ch).Select(v => (double)v).ToArray();
            double mean = values.Average(), std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            Assert.True(Math.Abs(mean - new[] { 179.0, 166.0, 143.0 }[ch]) <= 15, $"channel {ch}: mean {mean:F1}, std {std:F1}");
            Assert.True(std is >= 15 and <= 45, $"channel {ch}: mean {mean:F1}, std {std:F1}");
        }
    }
}
