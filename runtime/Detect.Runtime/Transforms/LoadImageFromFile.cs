using System.Buffers;
using Detect.Datasets;
using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// Reads and decodes <see cref="DataInfo.ImgPath"/> (mmcv's <c>LoadImageFromFile</c>): the first
/// step of every pipeline. The image comes out HWC uint8 — BGR and upright from its EXIF orientation
/// by default; see <see cref="Transforms.ColorType"/> for the others — and <c>ori_shape</c> and
/// <c>img_shape</c> are the decoded size.
/// </summary>
/// <remarks>
/// A missing, empty, truncated or undecodable file raises <see cref="BadSampleException"/> naming the
/// file; with <c>ignoreEmpty</c> the sample is dropped instead (returns null), as in mmcv.
/// </remarks>
public sealed class LoadImageFromFile : Transform<DataInfo, PipelineSample>
{
    /// <summary>Creates the loader.</summary>
    /// <param name="colorType">Color (three BGR channels), Grayscale (one) or Unchanged (the file's own: 1, 3 or 4).</param>
    /// <param name="ignoreEmpty">Drop unreadable images instead of raising.</param>
    public LoadImageFromFile(ColorType colorType = ColorType.Color, bool ignoreEmpty = false)
    {
        if (!Enum.IsDefined(colorType)) throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "Unknown colour type.");
        ColorType = colorType;
        IgnoreEmpty = ignoreEmpty;
    }

    /// <summary>How the image is decoded.</summary>
    public ColorType ColorType { get; }

    /// <summary>Whether unreadable images are dropped rather than raised.</summary>
    public bool IgnoreEmpty { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("colorType", ColorType), ("ignoreEmpty", IgnoreEmpty)];

    /// <inheritdoc />
    public override PipelineSample? Apply(DataInfo input, TransformContext context)
    {
        ImageBuffer image;
        try
        {
            var (bytes, length) = ReadFile(input.ImgPath);
            try
            {
                image = ImageDecoder.Decode(bytes.AsSpan(0, length), ColorType);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        catch (BadSampleException) when (IgnoreEmpty) { return null; }
        catch (Exception e) when (e is not (BadSampleException or OutOfMemoryException))
        {
            // FormatException from the decoder, or anything SkiaSharp raises on hostile input.
            if (IgnoreEmpty) return null;
            throw new BadSampleException(input.ImgPath, $"cannot decode the image: {e.Message}", inner: e);
        }
        return new PipelineSample { Info = input, Img = image, OriShape = (image.Height, image.Width) };
    }

    /// <summary>The file's bytes in a pooled buffer (return it), and their count.</summary>
    static (byte[] Bytes, int Length) ReadFile(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            long size = file.Length;
            if (size > Array.MaxLength) throw new IOException($"the file is too large ({size} bytes)");
            var bytes = ArrayPool<byte>.Shared.Rent((int)size);
            int read = 0;
            try
            {
                while (read < size && file.Read(bytes, read, (int)size - read) is var n and > 0) read += n;
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(bytes);
                throw;
            }
            return (bytes, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException
                ? "the image file does not exist"
                : $"cannot read the image file: {e.Message}";
            throw new BadSampleException(path, reason, inner: e);
        }
    }
}
