namespace Detect.Transforms.Corruptions;

/// <summary>
/// Pillow's <c>Image.resize</c> of an 8-bit image with <c>BOX</c> (two separable passes, horizontal first, with
/// coefficients in 22-bit fixed point and rounding to 8 bits in between) and <c>NEAREST</c> (source pixel
/// int(0.5·scale + k·scale), the position accumulated in double): what the pixelate corruption does.
/// </summary>
internal static class PilResize
{
    const int PrecisionBits = 32 - 8 - 2;

    /// <summary><c>resize((width, height), Image.BOX)</c>.</summary>
    public static ImageBuffer Box(ImageBuffer image, int width, int height)
    {
        var horizontal = width == image.Width ? image : Pass(image, width, horizontal: true);
        return height == image.Height ? horizontal : Pass(horizontal, height, horizontal: false);
    }

    /// <summary><c>resize((width, height), Image.NEAREST)</c>.</summary>
    public static ImageBuffer Nearest(ImageBuffer image, int width, int height)
    {
        if (width == image.Width && height == image.Height) return image;
        var xs = SourceIndices(image.Width, width);
        var ys = SourceIndices(image.Height, height);
        int c = image.Channels;
        var output = ImageBuffer.Uninitialized(height, width, c);
        var src = image.Data;
        var dst = output.Data;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int ch = 0; ch < c; ch++)
                    dst[(y * width + x) * c + ch] = src[(ys[y] * image.Width + xs[x]) * c + ch];
        return output;
    }

    // ImagingScaleAffine: xo = scale * 0.5, then xo += scale per pixel; the pixel is (int)xo.
    static int[] SourceIndices(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize, position = scale * 0.5;
        var indices = new int[outSize];
        for (int k = 0; k < outSize; k++, position += scale) indices[k] = Math.Min((int)position, inSize - 1);
        return indices;
    }

    // precompute_coeffs + normalize_coeffs_8bpc + ImagingResample{Horizontal,Vertical}_8bpc.
    static ImageBuffer Pass(ImageBuffer image, int outSize, bool horizontal)
    {
        int inSize = horizontal ? image.Width : image.Height;
        double scale = (double)inSize / outSize, filterScale = Math.Max(scale, 1.0), support = 0.5 * filterScale;
        int c = image.Channels, w = horizontal ? outSize : image.Width, h = horizontal ? image.Height : outSize;
        var output = ImageBuffer.Uninitialized(h, w, c);
        var src = image.Data;
        var dst = output.Data;
        for (int k = 0; k < outSize; k++)
        {
            double center = (k + 0.5) * scale, sum = 0;
            int xmin = Math.Max((int)(center - support + 0.5), 0);
            int xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var weights = new double[xmax];
            for (int x = 0; x < xmax; x++)
            {
                double arg = (x + xmin - center + 0.5) * (1.0 / filterScale);
                weights[x] = arg > -0.5 && arg <= 0.5 ? 1.0 : 0.0;
                sum += weights[x];
            }
            var fixedWeights = weights.Select(v => sum != 0 ? v / sum : v)
                .Select(v => v < 0 ? (int)(-0.5 + v * (1 << PrecisionBits)) : (int)(0.5 + v * (1 << PrecisionBits))).ToArray();
            int other = horizontal ? h : w;
            for (int o = 0; o < other; o++)
                for (int ch = 0; ch < c; ch++)
                {
                    int acc = 1 << (PrecisionBits - 1);
                    for (int x = 0; x < xmax; x++)
                    {
                        int index = horizontal ? (o * image.Width + xmin + x) * c + ch : ((xmin + x) * image.Width + o) * c + ch;
                        acc += src[index] * fixedWeights[x];
                    }
                    int value = acc >> PrecisionBits;
                    int outIndex = horizontal ? (o * w + k) * c + ch : (k * w + o) * c + ch;
                    dst[outIndex] = (byte)Math.Clamp(value, 0, 255);
                }
        }
        return output;
    }
}
