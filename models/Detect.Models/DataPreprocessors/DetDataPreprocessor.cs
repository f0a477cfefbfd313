using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.DataPreprocessors;

/// <summary>
/// MMDetection's <c>DetDataPreprocessor</c>: moves a batch to the model's device, reverses BGR to RGB,
/// normalizes each image as <c>(x − mean) / std</c> in float32, pads every image at the bottom and right to
/// the batch's largest height and width rounded up to <c>padSizeDivisor</c> (with <c>padValue</c>, in
/// normalized units) and stacks them.
/// </summary>
/// <remarks>
/// <para>Each sample's metainfo gets <c>pad_shape</c> (its own size rounded up to the divisor) and
/// <c>batch_input_shape</c> (the stacked tensor's size). Boxes are unaffected: padding only adds pixels to
/// the right and bottom. With <c>padMask</c>, ground-truth masks of a training batch are padded with zeros
/// to the batch size too, as MMDetection's <c>pad_mask</c>.</para>
/// <para>Example: <c>new DetDataPreprocessor(mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375],
/// bgrToRgb: true, padSizeDivisor: 32)</c> is the preprocessor of MMDetection's R-50 detectors.</para>
/// </remarks>
public class DetDataPreprocessor
{
    /// <summary>Creates the preprocessor; arguments are MMDetection's, camelCased.</summary>
    /// <param name="mean"><c>mean</c> per channel (in the channel order after <paramref name="bgrToRgb"/>); null: no normalization.</param>
    /// <param name="std"><c>std</c> per channel; null: no normalization.</param>
    /// <param name="bgrToRgb"><c>bgr_to_rgb</c>.</param>
    /// <param name="padSizeDivisor"><c>pad_size_divisor</c>.</param>
    /// <param name="padValue"><c>pad_value</c>.</param>
    /// <param name="padMask"><c>pad_mask</c>: pad ground-truth masks to the batch size when training.</param>
    public DetDataPreprocessor(IReadOnlyList<double>? mean = null, IReadOnlyList<double>? std = null, bool bgrToRgb = false,
        int padSizeDivisor = 1, double padValue = 0, bool padMask = false)
    {
        if ((mean is null) != (std is null))
            throw new ArgumentException("mean and std must be given together (or neither, for no normalization).", nameof(mean));
        if (mean is not null && (mean.Count != std!.Count || mean.Count is not (1 or 3)))
            throw new ArgumentException($"mean and std need 1 or 3 values each, got {mean.Count} and {std!.Count}.", nameof(mean));
        if (std is not null && std.Any(s => s <= 0))
            throw new ArgumentException($"std must be positive, got [{string.Join(", ", std)}].", nameof(std));
        if (padSizeDivisor < 1)
            throw new ArgumentOutOfRangeException(nameof(padSizeDivisor), padSizeDivisor, "pad_size_divisor must be at least 1.");
        Mean = mean?.ToArray();
        Std = std?.ToArray();
        BgrToRgb = bgrToRgb;
        PadSizeDivisor = padSizeDivisor;
        PadValue = padValue;
        PadMask = padMask;
    }

    /// <summary><c>mean</c>, or null.</summary>
    public IReadOnlyList<double>? Mean { get; }

    /// <summary><c>std</c>, or null.</summary>
    public IReadOnlyList<double>? Std { get; }

    /// <summary><c>bgr_to_rgb</c>.</summary>
    public bool BgrToRgb { get; }

    /// <summary><c>pad_size_divisor</c>.</summary>
    public int PadSizeDivisor { get; }

    /// <summary><c>pad_value</c>.</summary>
    public double PadValue { get; }

    /// <summary><c>pad_mask</c>.</summary>
    public bool PadMask { get; }

    /// <summary>
    /// Preprocesses <paramref name="batch"/> onto <paramref name="device"/>, images in the floating type
    /// <paramref name="dtype"/> (the model's: float32 unless it was converted). The result's tensors belong to the
    /// caller's dispose scope; the batch is left as it is.
    /// </summary>
    public PreprocessedBatch Forward(DetBatch batch, Device device, bool training, ScalarType dtype = ScalarType.Float32)
    {
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16))
            throw new ArgumentException($"Images are preprocessed into a floating type; {dtype} is not one.", nameof(dtype));
        if (batch.Count == 0) throw new ArgumentException("The batch has no images.", nameof(batch));
        if (batch.Inputs.Count != batch.Samples.Count)
            throw new ArgumentException($"The batch has {batch.Inputs.Count} images but {batch.Samples.Count} samples.", nameof(batch));
        var images = new List<Tensor>(batch.Count);
        var samples = new List<DetDataSample>(batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            var image = batch.Inputs[i];
            if (image.dim() != 3)
                throw new ArgumentException($"Image {i} ({batch.Samples[i].Meta.ImgPath}) must be C×H×W, got [{string.Join(", ", image.shape)}].", nameof(batch));
            var sample = ToDevice(batch.Samples[i], device);
            var (normalized, transformed) = Transform(ChannelOrder(image.to(device)).to(dtype), sample, training);
            images.Add(normalized);
            samples.Add(transformed);
        }

        var inputs = Stack(images);
        var batchShape = ((int)inputs.shape[2], (int)inputs.shape[3]);
        for (int i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            var meta = s.Meta with { PadShape = PadShapeOf(images[i]), BatchInputShape = batchShape };
            var gt = training && PadMask && s.GtInstances?.Masks is { } masks
                ? new InstanceData(s.GtInstances.Bboxes, s.GtInstances.Labels, s.GtInstances.Scores, PadTo(masks, batchShape, 0))
                : s.GtInstances;
            samples[i] = s with { Meta = meta, GtInstances = gt };
        }
        return new PreprocessedBatch(inputs, samples);
    }

    /// <summary>
    /// Turns one float image (channels already in output order) into the normalized image that is padded
    /// and stacked, and gives the sample to use with it. MMDetection: <c>(x − mean) / std</c>, sample unchanged.
    /// </summary>
    protected virtual (Tensor Image, DetDataSample Sample) Transform(Tensor image, DetDataSample sample, bool training)
    {
        if (Mean is null) return (image, sample);
        if (Mean.Count == 3 && image.shape[0] != 3)
            throw new ArgumentException($"mean has 3 values but {sample.Meta.ImgPath} has {image.shape[0]} channels.");
        return ((image - Column(Mean, image)) / Column(Std!, image), sample);
    }

    /// <summary>A per-channel column (C×1×1) of the image's type, on its device.</summary>
    protected static Tensor Column(IReadOnlyList<double> values, Tensor like) =>
        tensor(values.ToArray(), dtype: like.dtype, device: like.device).view(-1, 1, 1);

    Tensor ChannelOrder(Tensor image) =>
        BgrToRgb && image.shape[0] == 3 ? image.index_select(0, tensor(new long[] { 2, 1, 0 }, device: image.device)) : image;

    (int Height, int Width) PadShapeOf(Tensor image) =>
        (CeilTo((int)image.shape[1], PadSizeDivisor), CeilTo((int)image.shape[2], PadSizeDivisor));

    /// <summary>MMEngine's <c>stack_batch</c>: pad to the largest size rounded up to the divisor, then stack.</summary>
    Tensor Stack(IReadOnlyList<Tensor> images)
    {
        int maxH = CeilTo(images.Max(i => (int)i.shape[1]), PadSizeDivisor);
        int maxW = CeilTo(images.Max(i => (int)i.shape[2]), PadSizeDivisor);
        return stack(images.Select(i => PadTo(i, (maxH, maxW), PadValue)));
    }

    /// <summary>Pads the last two dimensions at the bottom and right to <paramref name="size"/>.</summary>
    static Tensor PadTo(Tensor t, (int Height, int Width) size, double value)
    {
        long padH = size.Height - t.shape[^2], padW = size.Width - t.shape[^1];
        return padH == 0 && padW == 0 ? t : nn.functional.pad(t, [0, padW, 0, padH], value: value);
    }

    static int CeilTo(int x, int divisor) => (x + divisor - 1) / divisor * divisor;

    static DetDataSample ToDevice(DetDataSample sample, Device device) => sample with
    {
        GtInstances = sample.GtInstances?.To(device),
        IgnoredInstances = sample.IgnoredInstances?.To(device),
    };
}
