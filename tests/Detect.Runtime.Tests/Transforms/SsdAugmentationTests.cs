using System.Text.Json;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>
/// Expand and MinIoURandomCrop against MMDetection 3.x's transforms re-implemented in
/// tests/golden/transforms/make_ssd_augment_goldens.py: the draws recorded there are replayed here through
/// <see cref="ReplayedRandom"/>, and images, masks, boxes (float32), labels and ignore flags must be identical.
/// </summary>
public class SsdAugmentationTests
{
    static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("ssd_augment.json"))).RootElement;

    static readonly Expand SsdExpand = new([123.675, 116.28, 103.53], toRgb: true, ratioRange: (1, 4));

    static readonly MinIoURandomCrop SsdCrop = new();

    /// <summary>A generator that hands out the draws recorded by the golden script, in order, and checks their kind.</summary>
    sealed class ReplayedRandom(JsonElement draws) : Random
    {
        int next;

        public int Remaining => draws.GetArrayLength() - next;

        public override double NextDouble()
        {
            Assert.True(next < draws.GetArrayLength(), "more draws than MMDetection made");
            Assert.True(draws[next].TryGetProperty("double", out var u), $"draw {next}: MMDetection drew an integer here");
            next++;
            return u.GetDouble();
        }

        public override int Next(int maxValue)
        {
            Assert.True(next < draws.GetArrayLength(), "more draws than MMDetection made");
            var d = draws[next];
            Assert.True(d.TryGetProperty("int", out var i), $"draw {next}: MMDetection drew a double here");
            Assert.Equal(d.GetProperty("bound").GetInt32(), maxValue);
            next++;
            return i.GetInt32();
        }
    }

    static PipelineSample Sample(JsonElement s)
    {
        var shape = s.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var image = new ImageBuffer(shape[0], shape[1], shape[2], Bytes(s.GetProperty("img")));
        var ms = s.GetProperty("masks_shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var gt = new GtAnnotations(Fixtures.Floats(s.GetProperty("boxes")), [.. s.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64())],
            [.. s.GetProperty("ignore").EnumerateArray().Select(v => v.GetBoolean())], new BitmapMasks(ms[0], ms[1], ms[2], Bytes(s.GetProperty("masks"))));
        return new PipelineSample
        {
            Info = new DataInfo(3, "ssd.png", shape[0], shape[1], []),
            Img = image,
            OriShape = (shape[0], shape[1]),
            Gt = gt,
        };
    }

    static byte[] Bytes(JsonElement a) => [.. a.EnumerateArray().Select(v => (byte)v.GetInt32())];

    static void AssertEqual(JsonElement expected, PipelineSample actual)
    {
        Fixtures.Identical(Sample(expected).Img, actual.Img);
        var want = Sample(expected).Gt!;
        var got = actual.Gt!;
        Assert.Equal(want.Bboxes, got.Bboxes);
        Assert.Equal(want.Labels, got.Labels);
        Assert.Equal(want.IgnoreFlags, got.IgnoreFlags);
        Assert.Equal((want.Masks!.Count, want.Masks.Height, want.Masks.Width), (got.Masks!.Count, got.Masks.Height, got.Masks.Width));
        Assert.True(want.Masks.Pixels.SequenceEqual(got.Masks.Pixels), "masks differ");
    }

    static (PipelineSample Output, ReplayedRandom Rng) Run(string name, params SampleTransform[] transforms)
    {
        var c = Golden.GetProperty("cases").GetProperty(name);
        var rng = new ReplayedRandom(c.GetProperty("draws"));
        var context = new TransformContext(rng);
        var sample = Sample(Golden.GetProperty(c.GetProperty("without_boxes").GetBoolean() ? "input_without_boxes" : "input"));
        foreach (var t in transforms) sample = t.Apply(sample, context)!;
        AssertEqual(c.GetProperty("output"), sample);
        Assert.Equal(0, rng.Remaining);
        return (sample, rng);
    }

    [Fact]
    public void Expand_places_the_image_on_a_mean_canvas_and_shifts_boxes_and_masks_as_MMDetection()
    {
        var (output, _) = Run("expand_applied", SsdExpand);
        Assert.Equal((37, 50), output.ImgShape);
        Assert.Equal([103, 116, 123], output.Img.At(0, 0).ToArray()); // the RGB mean reversed onto BGR, truncated as numpy's uint8 cast
    }

    [Fact]
    public void Expand_skips_when_the_draw_is_above_prob() => Run("expand_skipped", SsdExpand);

    [Fact]
    public void MinIoURandomCrop_keeps_trying_and_drops_boxes_whose_centre_falls_outside()
    {
        var c = Golden.GetProperty("cases").GetProperty("crop_after_rejections");
        Assert.True(c.GetProperty("rejected").GetInt32() >= 3);
        var (output, _) = Run("crop_after_rejections", SsdCrop);
        Assert.InRange(output.Gt!.Count, 1, 3); // of 4
    }

    [Fact]
    public void MinIoURandomCrop_mode_one_returns_the_sample_untouched()
    {
        var c = Golden.GetProperty("cases").GetProperty("crop_mode_one");
        var rng = new ReplayedRandom(c.GetProperty("draws"));
        var input = Sample(Golden.GetProperty("input"));
        Assert.Same(input, SsdCrop.Apply(input, new TransformContext(rng)));
        Assert.Equal(0, rng.Remaining);
    }

    [Fact]
    public void MinIoURandomCrop_crops_an_image_without_boxes() => Run("crop_without_boxes", SsdCrop);

    [Fact]
    public void Expand_then_MinIoURandomCrop_on_one_stream() => Run("expand_then_crop", SsdExpand, SsdCrop);

    [Fact]
    public void MinIoURandomCrop_needs_annotations_and_names_the_missing_transform()
    {
        var sample = Sample(Golden.GetProperty("input")) with { Gt = null };
        var error = Assert.Throws<InvalidOperationException>(() => SsdCrop.Apply(sample, TransformContext.FromSeed(0)));
        Assert.Contains("LoadAnnotations", error.Message);
    }

    [Fact]
    public void Seeded_runs_stay_within_MMDetections_ranges()
    {
        var input = Sample(Golden.GetProperty("input"));
        for (int seed = 0; seed < 200; seed++)
        {
            var expanded = SsdExpand.Apply(input, TransformContext.FromSeed(seed));
            Assert.InRange(expanded.ImgShape.Height, 12, 48);
            var cropped = SsdCrop.Apply(expanded, TransformContext.FromSeed(seed + 1000));
            var (h, w) = cropped.ImgShape;
            Assert.InRange(h, 1, expanded.ImgShape.Height);
            Assert.InRange(w, 1, expanded.ImgShape.Width);
            var gt = cropped.Gt!;
            Assert.Equal(gt.Count, gt.Masks!.Count);
            Assert.Equal((h, w), (gt.Masks.Height, gt.Masks.Width));
            for (int i = 0; i < gt.Count; i++)
            {
                Assert.InRange(gt.Bboxes[4 * i], 0f, w);
                Assert.InRange(gt.Bboxes[4 * i + 3], 0f, h);
            }
        }
    }
}
