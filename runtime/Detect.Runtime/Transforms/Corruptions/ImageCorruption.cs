namespace Detect.Transforms.Corruptions;

/// <summary>The benchmark's four groups of corruptions (MMDetection's <c>--corruptions noise|blur|weather|digital</c>).</summary>
public enum CorruptionGroup
{
    /// <summary>gaussian_noise, shot_noise, impulse_noise.</summary>
    Noise,

    /// <summary>defocus_blur, glass_blur, motion_blur, zoom_blur.</summary>
    Blur,

    /// <summary>snow, frost, fog, brightness.</summary>
    Weather,

    /// <summary>contrast, elastic_transform, pixelate, jpeg_compression.</summary>
    Digital,
}

/// <summary>
/// One of the 15 common corruptions of the robustness benchmark (Hendrycks &amp; Dietterich's ImageNet-C as adapted to
/// images of any size by bethgelab/imagecorruptions, which MMDetection's <c>Corrupt</c> transform calls), at severity 1–5
/// with imagecorruptions' parameters. Randomness comes from the <see cref="Random"/> given (the sample's).
/// </summary>
/// <remarks>
/// Like imagecorruptions' <c>corrupt</c>: the image must be at least 32×32; a one-channel image is stacked to three;
/// the result is <c>np.uint8</c> of the corruption's float result (truncated). The channels are taken in the order the
/// buffer has them — MMDetection hands its BGR images to functions written for RGB, and Detect does the same, so
/// colour-dependent corruptions (snow's grey level, frost's tint, JPEG's chroma) act as in MMDetection.
/// </remarks>
/// <param name="name">imagecorruptions' name.</param>
/// <param name="group">The benchmark group.</param>
public abstract class ImageCorruption(string name, CorruptionGroup group)
{
    /// <summary>imagecorruptions' name, e.g. <c>gaussian_noise</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The benchmark group.</summary>
    public CorruptionGroup Group { get; } = group;

    /// <summary>Corrupts <paramref name="image"/> at <paramref name="severity"/> (1–5).</summary>
    /// <exception cref="ArgumentException">A severity outside 1–5, an image smaller than 32×32.</exception>
    public ImageBuffer Apply(ImageBuffer image, int severity, Random rng)
    {
        if (severity is < 1 or > 5) throw new ArgumentException($"{Name}: severity must be 1–5, got {severity}.", nameof(severity));
        if (image.Height < 32 || image.Width < 32)
            throw new ArgumentException($"{Name}: images must be at least 32×32 pixels to corrupt, got {image.Height}×{image.Width}.", nameof(image));
        return Corrupt(image.Channels == 3 ? image : StackGray(image), severity, rng);
    }

    /// <summary>The corruption of a three-channel image.</summary>
    private protected abstract ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng);

    /// <summary>imagecorruptions' parameter for <paramref name="severity"/>: <c>c = [...][severity - 1]</c>.</summary>
    private protected static T Pick<T>(T[] table, int severity) => table[severity - 1];

    static ImageBuffer StackGray(ImageBuffer gray)
    {
        var bytes = new byte[gray.Height * gray.Width * 3];
        var src = gray.Pixels;
        for (int i = 0; i < src.Length; i++) bytes[3 * i] = bytes[3 * i + 1] = bytes[3 * i + 2] = src[i];
        return new ImageBuffer(gray.Height, gray.Width, 3, bytes);
    }
}
