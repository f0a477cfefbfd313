using Detect.Transforms;

namespace Detect.Config;

// MMDetection's data transforms. Each declares its pipeline step (what sample it needs and gives:
// DataInfo → PipelineSample → PackedDetInputs, the types of Detect.Transforms' typed pipeline), so a
// pipeline in the wrong order is a compile error (DET301) rather than a crash while loading.

/// <summary><c>LoadImageFromFile</c>: decodes the image of a data info record.</summary>
[Register("LoadImageFromFile", Builds = typeof(LoadImageFromFile))]
[PipelineStep("DataInfo", "PipelineSample")]
public sealed class LoadImageFromFileAttribute : TransformAttribute
{
    /// <summary><c>color_type</c>: 'color', 'grayscale' or 'unchanged'.</summary>
    public ColorType ColorType { get; set; }

    /// <summary><c>ignore_empty</c>: skip missing files instead of failing.</summary>
    public bool IgnoreEmpty { get; set; }
}

/// <summary><c>LoadAnnotations</c>: boxes, labels and (optionally) masks of the image's instances.</summary>
[Register("LoadAnnotations", Builds = typeof(LoadAnnotations))]
[PipelineStep("PipelineSample", "PipelineSample")]
[AnnotationLoaderRule(MaskFlag = nameof(WithMask))]
public sealed class LoadAnnotationsAttribute : TransformAttribute
{
    /// <summary><c>with_bbox</c>.</summary>
    public bool WithBbox { get; set; }

    /// <summary><c>with_label</c>.</summary>
    public bool WithLabel { get; set; }

    /// <summary><c>with_mask</c>: decode polygons and RLE into masks.</summary>
    public bool WithMask { get; set; }

    /// <summary><c>poly2mask</c>.</summary>
    public bool Poly2mask { get; set; }
}

/// <summary><c>Resize</c> to a scale, keeping the aspect ratio when asked.</summary>
[Register("Resize", Builds = typeof(Resize))]
[PipelineStep("PipelineSample", "PipelineSample")]
public sealed class ResizeAttribute : TransformAttribute
{
    /// <summary><c>scale</c>: (width, height), e.g. [1333, 800].</summary>
    [Length(2), InRange(1, int.MaxValue)]
    public int[] Scale { get; set; } = [1333, 800];

    /// <summary><c>keep_ratio</c>.</summary>
    public bool KeepRatio { get; set; }

    /// <summary><c>clip_object_border</c>.</summary>
    public bool ClipObjectBorder { get; set; }

    /// <summary><c>interpolation</c>: 'nearest', 'bilinear', 'bicubic', 'area' or 'lanczos' (cv2's, bit for bit).</summary>
    public Interpolation Interpolation { get; set; }
}

/// <summary>
/// <c>RandomResize</c>: each edge drawn between two bounding scales (MMDetection's multi-scale training,
/// <c>scale=[(1333, 640), (1333, 800)]</c>), or one scale times a ratio drawn from <see cref="RatioRange"/>.
/// </summary>
[Register("RandomResize", Builds = typeof(RandomResize))]
[PipelineStep("PipelineSample", "PipelineSample")]
[RandomScaleRule]
public sealed class RandomResizeAttribute : TransformAttribute
{
    /// <summary><c>scale</c>, flat: two (width, height) bounds, e.g. [1333, 640, 1333, 800]; with <see cref="RatioRange"/> one (width, height).</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] Scale { get; set; } = [];

    /// <summary><c>ratio_range</c>: (min, max) ratio applied to a single scale; empty for the two-scale form.</summary>
    [InRange(0, double.MaxValue)]
    public double[] RatioRange { get; set; } = [];

    /// <summary><c>keep_ratio</c>.</summary>
    public bool KeepRatio { get; set; }

    /// <summary><c>clip_object_border</c>.</summary>
    public bool ClipObjectBorder { get; set; }

    /// <summary><c>interpolation</c>, as <see cref="ResizeAttribute.Interpolation"/>.</summary>
    public Interpolation Interpolation { get; set; }
}

/// <summary><c>RandomChoiceResize</c>: one of <see cref="Scales"/> drawn uniformly (MMDetection's <c>ms-3x</c> multi-scale training).</summary>
[Register("RandomChoiceResize", Builds = typeof(RandomChoiceResize))]
[PipelineStep("PipelineSample", "PipelineSample")]
public sealed class RandomChoiceResizeAttribute : TransformAttribute
{
    /// <summary><c>scales</c>, flat (width, height) pairs, e.g. [1333, 640, 1333, 672, ..., 1333, 800].</summary>
    [NotEmpty, Length(2, Multiple = true), InRange(1, int.MaxValue)]
    public int[] Scales { get; set; } = [];

    /// <summary><c>keep_ratio</c>.</summary>
    public bool KeepRatio { get; set; }

    /// <summary><c>clip_object_border</c>.</summary>
    public bool ClipObjectBorder { get; set; }

    /// <summary><c>interpolation</c>, as <see cref="ResizeAttribute.Interpolation"/>.</summary>
    public Interpolation Interpolation { get; set; }
}

/// <summary><c>RandomFlip</c>.</summary>
[Register("RandomFlip", Builds = typeof(RandomFlip))]
[PipelineStep("PipelineSample", "PipelineSample")]
public sealed class RandomFlipAttribute : TransformAttribute
{
    /// <summary><c>prob</c>: the probability of flipping, shared equally by the directions.</summary>
    /// <remarks>
    /// MMDetection also takes a list (one probability per direction); the runtime <see cref="RandomFlip"/>
    /// has that form, the config keeps the number every MMDetection config writes.
    /// </remarks>
    [InRange(0, 1)]
    public double Prob { get; set; } = 0.5;

    /// <summary><c>direction</c>: 'horizontal', 'vertical', 'diagonal', or several to choose from.</summary>
    [NotEmpty]
    public FlipDirection[] Direction { get; set; } = [FlipDirection.Horizontal];
}

/// <summary><c>RandomCrop</c>.</summary>
[Register("RandomCrop", Builds = typeof(RandomCrop))]
[PipelineStep("PipelineSample", "PipelineSample")]
[CropSizeRule]
public sealed class RandomCropAttribute : TransformAttribute
{
    /// <summary>
    /// <c>crop_size</c>: (width, height) in pixels for 'absolute', ratios in (0, 1] for 'relative';
    /// (min, max) pixels for 'absolute_range', minimum (height, width) ratios for 'relative_range'.
    /// </summary>
    [Length(2), InRange(0, double.MaxValue)]
    public double[] CropSize { get; set; } = [512, 512];

    /// <summary><c>crop_type</c>: 'absolute', 'absolute_range', 'relative' or 'relative_range'.</summary>
    public CropType CropType { get; set; }

    /// <summary><c>allow_negative_crop</c>.</summary>
    public bool AllowNegativeCrop { get; set; }

    /// <summary><c>recompute_bbox</c>.</summary>
    public bool RecomputeBbox { get; set; }

    /// <summary><c>bbox_clip_border</c>.</summary>
    public bool BboxClipBorder { get; set; }
}

/// <summary><c>PhotoMetricDistortion</c>: brightness, contrast, saturation, hue.</summary>
[Register("PhotoMetricDistortion", Builds = typeof(PhotoMetricDistortion))]
[PipelineStep("PipelineSample", "PipelineSample")]
public sealed class PhotoMetricDistortionAttribute : TransformAttribute
{
    /// <summary><c>brightness_delta</c>.</summary>
    [InRange(0, 255)]
    public int BrightnessDelta { get; set; }

    /// <summary><c>contrast_range</c>.</summary>
    [Length(2), InRange(0, double.MaxValue)]
    public double[] ContrastRange { get; set; } = [0.5, 1.5];

    /// <summary><c>saturation_range</c>.</summary>
    [Length(2), InRange(0, double.MaxValue)]
    public double[] SaturationRange { get; set; } = [0.5, 1.5];

    /// <summary><c>hue_delta</c>.</summary>
    [InRange(0, 180)]
    public int HueDelta { get; set; }
}

/// <summary><c>Expand</c> (SSD's zoom out): the image placed at random on a larger canvas of the mean colour.</summary>
[Register("Expand", Builds = typeof(Expand))]
[PipelineStep("PipelineSample", "PipelineSample")]
public sealed class ExpandAttribute : TransformAttribute
{
    /// <summary><c>mean</c>: the canvas colour, RGB when <see cref="ToRgb"/> (the data preprocessor's mean, e.g. [123.675, 116.28, 103.53]).</summary>
    [Length(3), InRange(0, 255)]
    public double[] Mean { get; set; } = [0.0, 0.0, 0.0];

    /// <summary><c>to_rgb</c>: <see cref="Mean"/> is in RGB order.</summary>
    public bool ToRgb { get; set; }

    /// <summary><c>ratio_range</c>: (min, max) canvas size relative to the image.</summary>
    [Length(2), InRange(1, double.MaxValue)]
    public double[] RatioRange { get; set; } = [1.0, 4.0];

    /// <summary><c>prob</c>: probability of expanding.</summary>
    [InRange(0, 1)]
    public double Prob { get; set; }
}

/// <summary><c>MinIoURandomCrop</c> (SSD): a random patch whose IoU with every box reaches a minimum drawn from <see cref="MinIous"/>.</summary>
[Register("MinIoURandomCrop", Builds = typeof(MinIoURandomCrop))]
[PipelineStep("PipelineSample", "PipelineSample")]
public sealed class MinIoURandomCropAttribute : TransformAttribute
{
    /// <summary><c>min_ious</c>: the minimum IoUs to draw from (besides 1, no crop, and 0, any patch).</summary>
    [NotEmpty, InRange(0, 1)]
    public double[] MinIous { get; set; } = [0.1, 0.3, 0.5, 0.7, 0.9];

    /// <summary><c>min_crop_size</c>: smallest patch side relative to the image's.</summary>
    [InRange(1e-12, 1)]
    public double MinCropSize { get; set; }

    /// <summary><c>bbox_clip_border</c>.</summary>
    public bool BboxClipBorder { get; set; }
}

/// <summary><c>Pad</c> to a multiple of a divisor.</summary>
[Register("Pad", Builds = typeof(Pad))]
[PipelineStep("PipelineSample", "PipelineSample")]
[PadTargetRule]
public sealed class PadAttribute : TransformAttribute
{
    /// <summary><c>size</c>: (width, height) to pad to; empty: use the divisor.</summary>
    [InRange(1, int.MaxValue)]
    public int[] Size { get; set; } = [];

    /// <summary><c>size_divisor</c>; 0: unset (MMCV's None). Exactly one of size and size_divisor unless pad_to_square (DET506).</summary>
    [InRange(0, int.MaxValue)]
    public int SizeDivisor { get; set; }

    /// <summary><c>pad_to_square</c>.</summary>
    public bool PadToSquare { get; set; }

    /// <summary><c>pad_val</c>.</summary>
    [InRange(0, 255)]
    public int PadVal { get; set; }
}

/// <summary><c>FilterAnnotations</c>: drops tiny boxes.</summary>
[Register("FilterAnnotations", Builds = typeof(FilterAnnotations))]
[PipelineStep("PipelineSample", "PipelineSample")]
public sealed class FilterAnnotationsAttribute : TransformAttribute
{
    /// <summary><c>min_gt_bbox_wh</c>.</summary>
    [Length(2), InRange(0, double.MaxValue)]
    public double[] MinGtBboxWh { get; set; } = [1.0, 1.0];

    /// <summary><c>min_gt_mask_area</c>.</summary>
    [InRange(0, int.MaxValue)]
    public int MinGtMaskArea { get; set; }

    /// <summary><c>by_box</c>.</summary>
    public bool ByBox { get; set; }

    /// <summary><c>by_mask</c>.</summary>
    public bool ByMask { get; set; }

    /// <summary><c>keep_empty</c>.</summary>
    public bool KeepEmpty { get; set; }
}

/// <summary><c>Mosaic</c> (YOLOX): four images into one.</summary>
[Register("Mosaic", Builds = typeof(Mosaic))]
[PipelineStep("PipelineSample", "PipelineSample")]
[MixingTransformRule]
public sealed class MosaicAttribute : TransformAttribute
{
    /// <summary><c>img_scale</c>: (width, height).</summary>
    [Length(2), InRange(1, int.MaxValue)]
    public int[] ImgScale { get; set; } = [640, 640];

    /// <summary><c>center_ratio_range</c>.</summary>
    [Length(2), InRange(0, double.MaxValue)]
    public double[] CenterRatioRange { get; set; } = [0.5, 1.5];

    /// <summary><c>pad_val</c>.</summary>
    public double PadVal { get; set; }

    /// <summary><c>prob</c>.</summary>
    [InRange(0, 1)]
    public double Prob { get; set; }
}

/// <summary><c>MixUp</c> (YOLOX).</summary>
[Register("MixUp", Builds = typeof(MixUp))]
[PipelineStep("PipelineSample", "PipelineSample")]
[MixingTransformRule]
public sealed class MixUpAttribute : TransformAttribute
{
    /// <summary><c>img_scale</c>: (width, height).</summary>
    [Length(2), InRange(1, int.MaxValue)]
    public int[] ImgScale { get; set; } = [640, 640];

    /// <summary><c>ratio_range</c>.</summary>
    [Length(2), InRange(0, double.MaxValue)]
    public double[] RatioRange { get; set; } = [0.5, 1.5];

    /// <summary><c>flip_ratio</c>.</summary>
    [InRange(0, 1)]
    public double FlipRatio { get; set; }

    /// <summary><c>pad_val</c>.</summary>
    public double PadVal { get; set; }

    /// <summary><c>max_iters</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxIters { get; set; }
}

/// <summary><c>PackDetInputs</c>: the image tensor and the data sample a model takes.</summary>
[Register("PackDetInputs", Builds = typeof(PackDetInputs))]
[PipelineStep("PipelineSample", "PackedDetInputs")]
public sealed class PackDetInputsAttribute : TransformAttribute
{
    /// <summary><c>meta_keys</c>: any of the keys MMDetection knows.</summary>
    public MetaKey[] MetaKeys { get; set; } = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor, MetaKey.Flip, MetaKey.FlipDirection];
}
