using System.Text.Json;
using Detect.Datasets;
using Detect.Transforms;
using Detect.Transforms.Imaging;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>The golden files of tests/golden/transforms/make_transform_goldens.py.</summary>
internal static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Transforms", "Fixtures");

    public static string PathOf(string relative) => Path.Combine(Dir, relative);

    /// <summary>A lossless fixture (PNG) decoded: exactly the pixels OpenCV wrote.</summary>
    public static ImageBuffer Png(string relative) => ImageDecoder.Decode(File.ReadAllBytes(PathOf(relative)));

    /// <summary>A PNG fixture with the channels it has (BGRA for an RGBA PNG).</summary>
    public static ImageBuffer UnchangedPng(string relative) => ImageDecoder.Decode(File.ReadAllBytes(PathOf(relative)), ColorType.Unchanged);

    /// <summary>A one-channel PNG fixture.</summary>
    public static ImageBuffer GrayPng(string relative) => ImageDecoder.Decode(File.ReadAllBytes(PathOf(relative)), ColorType.Grayscale);

    public static JsonElement Json => JsonDocument.Parse(File.ReadAllText(PathOf("geometry.json"))).RootElement;

    public static ImageBuffer Source => Png("images/source.png");

    /// <summary>A record for an image with the given boxes (labels 0, 1, ...; annotation ids 100, 101, ...).</summary>
    public static DataInfo Info(string path, int height, int width, float[][] boxes, bool[]? ignore = null) =>
        new(1, path, height, width, boxes.Select((b, i) => new InstanceInfo(b, i, ignore?[i] ?? false, null, 100 + i)).ToList());

    /// <summary>A sample around an image already in memory, with boxes loaded.</summary>
    public static PipelineSample Sample(ImageBuffer image, float[] boxes, long[]? labels = null, BitmapMasks? masks = null)
    {
        int n = boxes.Length / 4;
        var info = new DataInfo(7, "memory.png", image.Height, image.Width, []);
        return new PipelineSample
        {
            Info = info,
            Img = image,
            OriShape = (image.Height, image.Width),
            Gt = new GtAnnotations(boxes, labels ?? Enumerable.Range(0, n).Select(i => (long)i).ToArray(), new bool[n], masks),
        };
    }

    /// <summary>Largest absolute difference between two images of the same shape.</summary>
    public static int MaxDiff(ImageBuffer a, ImageBuffer b)
    {
        Assert.Equal((a.Height, a.Width, a.Channels), (b.Height, b.Width, b.Channels));
        int max = 0;
        for (int i = 0; i < a.Pixels.Length; i++) max = Math.Max(max, Math.Abs(a.Pixels[i] - b.Pixels[i]));
        return max;
    }

    /// <summary>Asserts two images are identical, reporting the first differing byte.</summary>
    public static void Identical(ImageBuffer expected, ImageBuffer actual)
    {
        Assert.Equal((expected.Height, expected.Width, expected.Channels), (actual.Height, actual.Width, actual.Channels));
        for (int i = 0; i < expected.Pixels.Length; i++)
            if (expected.Pixels[i] != actual.Pixels[i])
                Assert.Fail($"byte {i} (y {i / expected.Stride}, x {i % expected.Stride / expected.Channels}, c {i % expected.Channels}): " +
                            $"expected {expected.Pixels[i]}, got {actual.Pixels[i]}");
    }

    public static float[] Floats(JsonElement array) => array.EnumerateArray().SelectMany(Flatten).ToArray();

    static IEnumerable<float> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e.GetSingle()];

    /// <summary>A fixed random BGR image.</summary>
    public static ImageBuffer RandomImage(int h, int w, int seed, int channels = 3)
    {
        var data = new byte[h * w * channels];
        new Random(seed).NextBytes(data);
        return new ImageBuffer(h, w, channels, data);
    }
}
