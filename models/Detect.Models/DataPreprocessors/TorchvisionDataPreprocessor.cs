using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.DataPreprocessors;

/// <summary>
/// torchvision's <c>GeneralizedRCNNTransform</c> as a data preprocessor, so that torchvision's detectors run
/// here with their own input transform: pixels to [0, 1] (<c>x / 255</c>), <c>(x − image_mean) / image_std</c>,
/// then a bilinear resize of the normalized float image (align_corners=False) by
/// min(<c>min_size</c> / shorter side, <c>max_size</c> / longer side) — or, with <c>fixed_size</c>, to exactly that size —
/// then zero padding to a multiple of <c>size_divisible</c>.
/// </summary>
/// <remarks>
/// The resize is recorded as MMDetection records a pipeline's resize (<c>img_shape</c> and <c>scale_factor</c>),
/// so heads clip to the resized image and predictions are rescaled to the original one. Ground-truth boxes
/// are scaled and masks resized (nearest) with the image, as torchvision does for training targets.
/// An image whose shorter side already equals <c>min_size</c> (and longer side fits) is unchanged.
/// </remarks>
public sealed class TorchvisionDataPreprocessor : DetDataPreprocessor
{
    // torchvision's 255 (a float), kept alive: a temporary Scalar can be finalized mid-call (Detect.Platform.Scalars).
    static readonly Scalar MaxPixel = 255.0f.ToScalar();

    /// <summary>Creates the transform; arguments are torchvision's, camelCased.</summary>
    /// <param name="minSize"><c>min_size</c>: target length of the shorter side.</param>
    /// <param name="maxSize"><c>max_size</c>: bound of the longer side.</param>
    /// <param name="imageMean"><c>image_mean</c> (RGB, in [0, 1] units); default ImageNet's.</param>
    /// <param name="imageStd"><c>image_std</c>; default ImageNet's.</param>
    /// <param name="sizeDivisible"><c>size_divisible</c>.</param>
    /// <param name="fixedSize"><c>fixed_size</c> (width, height): resize every image to exactly this size (torchvision's SSD); null or
    /// empty: the min/max-size resize.</param>
    public TorchvisionDataPreprocessor(int minSize = 800, int maxSize = 1333, IReadOnlyList<double>? imageMean = null,
        IReadOnlyList<double>? imageStd = null, int sizeDivisible = 32, IReadOnlyList<int>? fixedSize = null)
        : base(imageMean ?? [0.485, 0.456, 0.406], imageStd ?? [0.229, 0.224, 0.225], bgrToRgb: true, padSizeDivisor: sizeDivisible)
    {
        MinSize = minSize > 0 ? minSize : throw new ArgumentOutOfRangeException(nameof(minSize), minSize, "min_size must be positive.");
        MaxSize = maxSize >= minSize ? maxSize : throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "max_size must be at least min_size.");
        FixedSize = fixedSize is null || fixedSize.Count == 0 ? null
            : fixedSize.Count == 2 && fixedSize[0] > 0 && fixedSize[1] > 0 ? (fixedSize[0], fixedSize[1])
            : throw new ArgumentException($"fixed_size must be (width, height), both positive; got [{string.Join(", ", fixedSize)}].", nameof(fixedSize));
    }

    /// <summary><c>fixed_size</c> (width, height), or null.</summary>
    public (int Width, int Height)? FixedSize { get; }

    /// <summary><c>min_size</c>.</summary>
    public int MinSize { get; }

    /// <summary><c>max_size</c>.</summary>
    public int MaxSize { get; }

    /// <inheritdoc />
    protected override (Tensor Image, DetDataSample Sample) Transform(Tensor image, DetDataSample sample, bool training)
    {
        var normalized = (image.div(MaxPixel) - Column(Mean!, image)) / Column(Std!, image);
        int h = (int)image.shape[1], w = (int)image.shape[2];
        var (newH, newW) = ResizedShape(h, w);
        if (newH == h && newW == w) return (normalized, sample);

        var resized = nn.functional.interpolate(normalized.unsqueeze(0), [newH, newW], mode: InterpolationMode.Bilinear, align_corners: false)[0];
        var meta = sample.Meta with
        {
            ImgShape = (newH, newW),
            ScaleFactor = (sample.Meta.ScaleFactor.W * newW / w, sample.Meta.ScaleFactor.H * newH / h),
        };
        return (resized, sample with { Meta = meta, GtInstances = training ? Resize(sample.GtInstances, (h, w), (newH, newW)) : sample.GtInstances });
    }

    /// <summary>
    /// torchvision's output size: scale = min(min_size / shorter, max_size / longer) in float32, then
    /// floor(size · scale) in double, as <c>interpolate(scale_factor=..., recompute_scale_factor=True)</c>.
    /// </summary>
    public (int Height, int Width) ResizedShape(int height, int width)
    {
        // torchvision: interpolate(size=[fixed_size[1], fixed_size[0]]), whatever the image's aspect ratio.
        if (FixedSize is { } size) return (size.Height, size.Width);
        float scale = MathF.Min(MinSize / (float)Math.Min(height, width), MaxSize / (float)Math.Max(height, width));
        return ((int)Math.Floor(height * (double)scale), (int)Math.Floor(width * (double)scale));
    }

    // torchvision's resize_boxes (float32 ratios new / old) and nearest-resized masks.
    static InstanceData? Resize(InstanceData? gt, (int H, int W) from, (int H, int W) to)
    {
        if (gt is null) return null;
        var ratios = tensor(new[] { to.W / (float)from.W, to.H / (float)from.H, to.W / (float)from.W, to.H / (float)from.H }, device: gt.Bboxes.device);
        var masks = gt.Masks is null ? null
            : gt.Masks.shape[0] == 0 ? zeros(0, to.H, to.W, dtype: ScalarType.Bool, device: gt.Masks.device)
            : nn.functional.interpolate(gt.Masks.unsqueeze(1).to(ScalarType.Float32), [to.H, to.W], mode: InterpolationMode.Nearest)[.., 0].to(ScalarType.Bool);
        return new InstanceData(gt.Bboxes * ratios, gt.Labels, gt.Scores, masks);
    }
}
