using System.Text.Json;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>PhotoMetricDistortion's arithmetic against MMDetection's float pipeline through cv2's float HSV.</summary>
public class PhotoMetricDistortionTests
{
    public static TheoryData<int> Cases() => new(Enumerable.Range(0, Fixtures.Json.GetProperty("photometric").GetArrayLength()));

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesMmdetFloatPipelineRoundedToBytes(int i)
    {
        var c = Fixtures.Json.GetProperty("photometric")[i];
        bool Flag(string name) => c.GetProperty(name).GetInt32() == 1;
        float F(string name) => (float)c.GetProperty(name).GetDouble();
        var choices = new PhotoMetricDistortion.Choices(c.GetProperty("mode").GetInt32(), Flag("brightness"), Flag("contrast"),
            Flag("saturation"), Flag("hue"), Flag("swap"), F("delta"), F("alpha"), F("sat"), F("hue_value"),
            c.GetProperty("perm").EnumerateArray().Select(p => p.GetInt32()).ToArray());

        var actual = PhotoMetricDistortion.Distort(Fixtures.Source, choices);

        // OpenCV's float HSV runs vectorized code whose last bit can differ from the scalar formula;
        // after rounding to bytes that is at most one level.
        Assert.InRange(Fixtures.MaxDiff(Fixtures.Png($"photometric/case{i}.png"), actual), 0, 1);
    }

    [Fact]
    public void DrawsInMmdetOrderAndWithinRanges()
    {
        var transform = new PhotoMetricDistortion(brightnessDelta: 10, contrastRange: (0.8, 1.2), saturationRange: (0.9, 1.1), hueDelta: 5);
        var seen = new HashSet<string>();
        for (int seed = 0; seed < 200; seed++)
        {
            var c = transform.Draw(new Random(seed));
            Assert.InRange(c.Delta, -10f, 10f);
            Assert.InRange(c.Alpha, 0.8f, 1.2f);
            Assert.InRange(c.SaturationValue, 0.9f, 1.1f);
            Assert.InRange(c.HueValue, -5f, 5f);
            Assert.Equal([0, 1, 2], c.Permutation.Order());
            seen.Add(string.Join(",", c.Permutation));
        }
        Assert.Equal(6, seen.Count); // every channel order occurs
    }

    [Fact]
    public void GrayImagesAreRejectedNamingTheFile()
    {
        var sample = Fixtures.Sample(Fixtures.RandomImage(4, 4, 1, channels: 1), []);

        var error = Assert.Throws<BadSampleException>(() => new PhotoMetricDistortion().Apply(sample, TransformContext.FromSeed(0)));

        Assert.Contains("memory.png", error.Message);
    }
}
