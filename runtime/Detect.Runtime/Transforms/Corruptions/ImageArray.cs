namespace Detect.Transforms.Corruptions;

/// <summary>
/// An H×W×C array of doubles (row-major, channels last), what imagecorruptions computes on: the image divided by 255
/// or as is, and the intermediate layers. Corruptions read an <see cref="ImageBuffer"/> into one and write the result
/// back as numpy's <c>np.uint8</c> does (truncating).
/// </summary>
internal sealed class ImageArray(int height, int width, int channels, double[] data)
{
    public ImageArray(int height, int width, int channels) : this(height, width, channels, new double[checked(height * width * channels)]) { }

    public int Height { get; } = height;

    public int Width { get; } = width;

    public int Channels { get; } = channels;

    public double[] Data { get; } = data.Length == (long)height * width * channels
        ? data
        : throw new ArgumentException($"{height}×{width}×{channels} needs {height * width * channels} values, got {data.Length}.");

    public double this[int y, int x, int c]
    {
        get => Data[(y * Width + x) * Channels + c];
        set => Data[(y * Width + x) * Channels + c] = value;
    }

    /// <summary>The image's bytes as they are, or divided by 255 (imagecorruptions' <c>np.array(x) / 255.</c>).</summary>
    public static ImageArray From(ImageBuffer image, bool divideBy255)
    {
        var pixels = image.Pixels;
        var data = new double[pixels.Length];
        for (int i = 0; i < data.Length; i++) data[i] = divideBy255 ? pixels[i] / 255.0 : pixels[i];
        return new ImageArray(image.Height, image.Width, image.Channels, data);
    }

    /// <summary>numpy's <c>np.uint8(values)</c> for values in [0, 255]: truncation toward zero (NaN and negatives become 0, values above 255 saturate).</summary>
    public ImageBuffer ToImage()
    {
        var bytes = new byte[Data.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            double v = Data[i];
            bytes[i] = v >= 255 ? (byte)255 : v > 0 ? (byte)v : (byte)0;
        }
        return new ImageBuffer(Height, Width, Channels, bytes);
    }

    /// <summary>A copy with every value mapped.</summary>
    public ImageArray Map(Func<double, double> f)
    {
        var data = new double[Data.Length];
        for (int i = 0; i < data.Length; i++) data[i] = f(Data[i]);
        return new ImageArray(Height, Width, Channels, data);
    }

    /// <summary><c>np.clip(x, low, high)</c> in place; returns this.</summary>
    public ImageArray Clip(double low, double high)
    {
        for (int i = 0; i < Data.Length; i++) Data[i] = Math.Clamp(Data[i], low, high);
        return this;
    }
}
