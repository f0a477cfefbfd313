using Detect.Models.DataPreprocessors;
using Detect.Models.Detectors;

namespace Detect.Config;

/// <summary>MMDetection's <c>DetDataPreprocessor</c>: normalization, BGR→RGB, padding to a divisor.</summary>
[Register("DetDataPreprocessor", Builds = typeof(DetDataPreprocessor))]
public sealed class DetDataPreprocessorAttribute : DataPreprocessorAttribute
{
    /// <summary><c>mean</c> per channel (after the channel swap).</summary>
    [Length(3)]
    public double[] Mean { get; set; } = [0.0, 0.0, 0.0];

    /// <summary><c>std</c> per channel.</summary>
    [Length(3), InRange(1e-12, double.MaxValue)]
    public double[] Std { get; set; } = [1.0, 1.0, 1.0];

    /// <summary><c>bgr_to_rgb</c>.</summary>
    public bool BgrToRgb { get; set; }

    /// <summary><c>pad_size_divisor</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int PadSizeDivisor { get; set; }

    /// <summary><c>pad_value</c>.</summary>
    public double PadValue { get; set; }

    /// <summary><c>pad_mask</c>.</summary>
    public bool PadMask { get; set; }
}

/// <summary>
/// torchvision's <c>GeneralizedRCNNTransform</c> (<c>type='TorchvisionDataPreprocessor'</c>): [0, 1] RGB pixels normalized by
/// <see cref="ImageMean"/> and <see cref="ImageStd"/>, resized so the shorter side is <see cref="MinSize"/> (the longer at most
/// <see cref="MaxSize"/>), padded to <see cref="SizeDivisible"/>; what torchvision's COCO detectors see.
/// </summary>
[Register("TorchvisionDataPreprocessor", Builds = typeof(TorchvisionDataPreprocessor))]
public sealed class TorchvisionDataPreprocessorAttribute : DataPreprocessorAttribute
{
    /// <summary><c>min_size</c>: target length of the shorter side.</summary>
    [InRange(1, int.MaxValue)]
    public int MinSize { get; set; }

    /// <summary><c>max_size</c>: bound of the longer side.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxSize { get; set; }

    /// <summary><c>image_mean</c> (RGB, in [0, 1] units).</summary>
    [Length(3)]
    public double[] ImageMean { get; set; } = [0.485, 0.456, 0.406];

    /// <summary><c>image_std</c> (RGB, in [0, 1] units).</summary>
    [Length(3), InRange(1e-12, double.MaxValue)]
    public double[] ImageStd { get; set; } = [0.229, 0.224, 0.225];

    /// <summary><c>size_divisible</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int SizeDivisible { get; set; }

    /// <summary>
    /// <c>fixed_size</c> (width, height): every image is resized to exactly this size, without keeping its aspect ratio
    /// (torchvision's SSD: 300×300); empty: the <see cref="MinSize"/> / <see cref="MaxSize"/> resize.
    /// </summary>
    [Length(2, Multiple = true), InRange(1, int.MaxValue)]
    public int[] FixedSize { get; set; } = [];
}

/// <summary>One-stage detectors: backbone, neck and one dense head (<c>bbox_head</c>).</summary>
[ComponentKind(DefaultSlot = "model")]
public abstract class SingleStageDetectorAttribute : DetectorAttribute
{
    /// <summary><c>bbox_head</c>.</summary>
    [RequiredSlot]
    public DenseHeadAttribute? BboxHead { get; }

    /// <summary><c>train_cfg</c>: the head's, given to it when it is built.</summary>
    [SettingsFor("bbox_head")]
    public DenseTrainCfgAttribute? TrainCfg { get; }

    /// <summary><c>test_cfg</c>: the head's, given to it when it is built.</summary>
    [SettingsFor("bbox_head")]
    public DenseTestCfgAttribute? TestCfg { get; }
}

/// <summary>Two-stage detectors: backbone, neck, RPN head and RoI head.</summary>
[ComponentKind(DefaultSlot = "model")]
public abstract class TwoStageDetectorAttribute : DetectorAttribute
{
    /// <summary><c>rpn_head</c>.</summary>
    [RequiredSlot]
    public DenseHeadAttribute? RpnHead { get; }

    /// <summary><c>roi_head</c>.</summary>
    [RequiredSlot]
    public RoIHeadAttribute? RoiHead { get; }

    /// <summary>
    /// <c>train_cfg</c>: <c>rpn</c> goes to the RPN head and <c>rcnn</c> to the RoI head when they are built (one setting,
    /// <see cref="TwoStageTrainCfgAttribute"/>, or one per RoI-head stage, <see cref="MultiStageTrainCfgAttribute"/>); the
    /// detector keeps <c>rpn_proposal</c>, which makes the training proposals.
    /// </summary>
    [SettingsFor("rpn_head", Item = "rpn")]
    [SettingsFor("roi_head", Item = "rcnn")]
    public TwoStageTrainSettingsAttribute? TrainCfg { get; }

    /// <summary><c>test_cfg</c>: <c>rpn</c> goes to the RPN head and <c>rcnn</c> to the RoI head when they are built.</summary>
    [SettingsFor("rpn_head", Item = "rpn")]
    [SettingsFor("roi_head", Item = "rcnn")]
    public TwoStageTestCfgAttribute? TestCfg { get; }
}

/// <summary>RetinaNet (<c>type='RetinaNet'</c>).</summary>
[Register("RetinaNet", Builds = typeof(RetinaNet))]
public sealed class RetinaNetAttribute : SingleStageDetectorAttribute;

/// <summary>
/// A plain single-stage detector (<c>type='SingleStageDetector'</c>): backbone, neck and one dense head, as MMDetection's SSD
/// configs write it.
/// </summary>
[Register("SingleStageDetector", Builds = typeof(SingleStageDetector))]
public sealed class SingleStageAttribute : SingleStageDetectorAttribute;

/// <summary>FCOS (<c>type='FCOS'</c>).</summary>
[Register("FCOS", Builds = typeof(FCOS))]
public sealed class FcosAttribute : SingleStageDetectorAttribute;

/// <summary>ATSS (<c>type='ATSS'</c>).</summary>
[Register("ATSS", Builds = typeof(ATSS))]
public sealed class AtssAttribute : SingleStageDetectorAttribute;

/// <summary>Faster R-CNN (<c>type='FasterRCNN'</c>).</summary>
[Register("FasterRCNN", Builds = typeof(FasterRCNN))]
public class FasterRcnnAttribute : TwoStageDetectorAttribute;

/// <summary>
/// Mask R-CNN (<c>type='MaskRCNN'</c>): Faster R-CNN with a mask branch, so a Faster R-CNN config
/// becomes a Mask R-CNN one by adding the mask parts, without <c>Delete</c>.
/// </summary>
[Register("MaskRCNN", Builds = typeof(MaskRCNN))]
public sealed class MaskRcnnAttribute : FasterRcnnAttribute;

/// <summary>
/// Cascade R-CNN (<c>type='CascadeRCNN'</c>): a two-stage detector with a <see cref="CascadeRoIHeadAttribute"/> RoI head and
/// a <see cref="MultiStageTrainCfgAttribute"/> <c>train_cfg</c>.
/// </summary>
[Register("CascadeRCNN", Builds = typeof(CascadeRCNN))]
public sealed class CascadeRcnnAttribute : TwoStageDetectorAttribute;
