using Detect.Transforms;
using SkiaSharp;
using static TorchSharp.torch;

namespace Detect.Inference;

/// <summary>
/// One image for <see cref="DetInferencer"/>: a file (read by the experiment's own <c>LoadImageFromFile</c>) or an image
/// already in memory — MMDetection's inferencer takes a path or an ndarray (its <c>InferencerLoader</c>). In-memory
/// images are named <c>00000000</c>, <c>00000001</c>… by their position in the call, as MMDetection names them.
/// </summary>
public sealed class InferenceInput
{
    InferenceInput(string? path, ImageBuffer? image, string? name)
    {
        Path = path;
        Image = image;
        Name = name;
    }

    /// <summary>The image file, or null for an in-memory image.</summary>
    public string? Path { get; }

    /// <summary>The decoded image (HWC, BGR), or null for a file.</summary>
    public ImageBuffer? Image { get; }

    /// <summary>The name outputs are written under (<c>preds/NAME.json</c>, <c>vis/NAME.jpg</c>); null: the file's name, or the position.</summary>
    public string? Name { get; }

    /// <summary>An image file.</summary>
    public static InferenceInput FromFile(string path) => new(path ?? throw new ArgumentNullException(nameof(path)), null, null);

    /// <summary>An image in the pipeline's layout (HWC uint8, BGR), as an ndarray from cv2 would be.</summary>
    public static InferenceInput FromImage(ImageBuffer image, string? name = null) =>
        new(null, image ?? throw new ArgumentNullException(nameof(image)), name);

    /// <summary>A SkiaSharp bitmap (any colour type; converted to BGR, alpha dropped).</summary>
    public static InferenceInput FromBitmap(SKBitmap bitmap, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        using var bgra = new SKBitmap(info);
        if (!bitmap.CopyTo(bgra, SKColorType.Bgra8888) && !bitmap.ScalePixels(bgra, SKSamplingOptions.Default))
            throw new ArgumentException($"Cannot convert a {bitmap.ColorType} bitmap to BGR.", nameof(bitmap));
        var pixels = bgra.GetPixelSpan();
        var bgr = new byte[bitmap.Width * bitmap.Height * 3];
        for (int p = 0, q = 0; q < bgr.Length; p += 4, q += 3)
        {
            bgr[q] = pixels[p];
            bgr[q + 1] = pixels[p + 1];
            bgr[q + 2] = pixels[p + 2];
        }
        return new(null, new ImageBuffer(bitmap.Height, bitmap.Width, 3, bgr), name);
    }

    /// <summary>A 3×H×W uint8 BGR tensor, the layout of <see cref="Structures.DetBatch"/> images and <c>ImageFiles.ReadBgr</c>.</summary>
    /// <exception cref="ArgumentException">Another shape or dtype.</exception>
    public static InferenceInput FromTensor(Tensor bgr, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (bgr.dim() != 3 || bgr.shape[0] != 3 || bgr.dtype != ScalarType.Byte)
            throw new ArgumentException($"An image tensor must be 3×H×W uint8 BGR, got [{string.Join(", ", bgr.shape)}] {bgr.dtype}.", nameof(bgr));
        using var scope = NewDisposeScope();
        var hwc = Ops.TensorValues.ToArray<byte>(bgr.cpu().permute(1, 2, 0).contiguous());
        return new(null, new ImageBuffer((int)bgr.shape[1], (int)bgr.shape[2], 3, hwc), name);
    }
}
