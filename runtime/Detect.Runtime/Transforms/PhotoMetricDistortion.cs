using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// Random brightness, contrast, saturation, hue and channel swap (MMDetection's
/// <c>PhotoMetricDistortion</c>), each applied with probability 0.5; contrast goes first or last at
/// random. The arithmetic is MMDetection's, in float32 through OpenCV's float HSV.
/// </summary>
/// <remarks>
/// One difference: MMDetection leaves the image float32, with values possibly outside [0, 255]; the
/// pipeline's images are uint8 (the loader hands uint8 tensors to the model), so the result is rounded
/// to the nearest integer and saturated to [0, 255]. Three-channel images only.
/// </remarks>
public sealed class PhotoMetricDistortion : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="brightnessDelta">Brightness shift drawn from [−delta, delta].</param>
    /// <param name="contrastRange">Contrast factor range.</param>
    /// <param name="saturationRange">Saturation factor range.</param>
    /// <param name="hueDelta">Hue shift in degrees drawn from [−delta, delta].</param>
    public PhotoMetricDistortion(int brightnessDelta = 32, (double Lower, double Upper)? contrastRange = null,
        (double Lower, double Upper)? saturationRange = null, int hueDelta = 18)
    {
        BrightnessDelta = brightnessDelta;
        ContrastRange = contrastRange ?? (0.5, 1.5);
        SaturationRange = saturationRange ?? (0.5, 1.5);
        HueDelta = hueDelta;
    }

    /// <summary>Brightness delta.</summary>
    public int BrightnessDelta { get; }

    /// <summary>Contrast range.</summary>
    public (double Lower, double Upper) ContrastRange { get; }

    /// <summary>Saturation range.</summary>
    public (double Lower, double Upper) SaturationRange { get; }

    /// <summary>Hue delta in degrees.</summary>
    public int HueDelta { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("brightnessDelta", BrightnessDelta), ("contrastRange", ContrastRange), ("saturationRange", SaturationRange),
         ("hueDelta", HueDelta)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        if (input.Img.Channels != 3)
            throw new BadSampleException(input.Info.ImgPath, "PhotoMetricDistortion needs a 3-channel image (load it with colorType 'color').");
        return input with { Img = Distort(input.Img, Draw(context.Rng)) };
    }

    /// <summary>The random choices, drawn in MMDetection's order.</summary>
    internal Choices Draw(Random rng)
    {
        int mode = rng.Next(2);
        bool brightness = rng.Next(2) == 1, contrast = rng.Next(2) == 1, saturation = rng.Next(2) == 1;
        bool hue = rng.Next(2) == 1, swap = rng.Next(2) == 1;
        double delta = Uniform(rng, -BrightnessDelta, BrightnessDelta);
        double alpha = Uniform(rng, ContrastRange.Lower, ContrastRange.Upper);
        double saturationValue = Uniform(rng, SaturationRange.Lower, SaturationRange.Upper);
        double hueValue = Uniform(rng, -HueDelta, HueDelta);
        int[] permutation = [0, 1, 2];
        rng.Shuffle(permutation);
        return new Choices(mode, brightness, contrast, saturation, hue, swap, (float)delta, (float)alpha,
            (float)saturationValue, (float)hueValue, permutation);
    }

    static double Uniform(Random rng, double low, double high) => low + rng.NextDouble() * (high - low);

    /// <summary>Applies the drawn choices to a BGR image.</summary>
    internal static ImageBuffer Distort(ImageBuffer image, Choices c)
    {
        var output = ImageBuffer.Uninitialized(image.Height, image.Width, 3);
        var src = image.Pixels;
        var dst = output.Data;
        Span<float> px = stackalloc float[3];
        for (int i = 0; i < src.Length; i += 3)
        {
            float b = src[i], g = src[i + 1], r = src[i + 2];
            if (c.Brightness) { b += c.Delta; g += c.Delta; r += c.Delta; }
            if (c.Mode == 1 && c.Contrast) { b *= c.Alpha; g *= c.Alpha; r *= c.Alpha; }
            var (h, s, v) = HsvColor.FromBgr(b, g, r);
            if (c.Saturation)
            {
                s *= c.SaturationValue;
                if (c.SaturationValue > 1) s = Math.Clamp(s, 0f, 1f);
            }
            if (c.Hue)
            {
                h += c.HueValue;
                if (h > 360f) h -= 360f;
                if (h < 0f) h += 360f;
            }
            (px[0], px[1], px[2]) = HsvColor.ToBgr(h, s, v);
            if (c.Mode == 0 && c.Contrast) { px[0] *= c.Alpha; px[1] *= c.Alpha; px[2] *= c.Alpha; }
            for (int k = 0; k < 3; k++)
                dst[i + k] = (byte)Math.Clamp(MathF.Round(px[c.Swap ? c.Permutation[k] : k]), 0f, 255f);
        }
        return output;
    }

    /// <summary>One draw of the distortion's random choices (MMDetection's <c>_random_flags</c>).</summary>
    internal sealed record Choices(int Mode, bool Brightness, bool Contrast, bool Saturation, bool Hue, bool Swap,
        float Delta, float Alpha, float SaturationValue, float HueValue, int[] Permutation);
}
