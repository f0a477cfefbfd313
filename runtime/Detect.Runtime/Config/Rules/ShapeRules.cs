namespace Detect.Config;

// Shape rules: how a component's output feature levels (channels, stride) follow from its config
// values, in a form the generator evaluates at compile time and the runtime re-evaluates after
// command-line overrides. Property names are bound by convention (Depth, OutIndices, InChannels ...)
// and can be rebound with the named arguments. A component without a rule is checked when the
// model is built instead.

/// <summary>
/// ResNet-style backbone: a stride-<see cref="StemStride"/> stem, then stages whose channels are
/// base × 2^i × expansion (by depth, from <see cref="Checks.ShapeMath.ResNetArchs"/>, the table ResNet itself
/// is built from) and whose strides multiply the per-stage strides. Outputs are the stages listed in out_indices.
/// A depth the table does not know is DET503.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ResidualStagesRuleAttribute : Attribute
{
    /// <summary>Stride of the stem (conv + max pool).</summary>
    public int StemStride { get; set; } = 4;
}

/// <summary>
/// RegNet backbone: stage widths generated from the arch (named, e.g. <c>regnetx_3.2gf</c>, or
/// w0/wa/wm/group_w/depth/bot_mul) exactly as MMDetection's <c>RegNet.generate_regnet</c> and
/// <c>adjust_width_group</c>; the stem has stride 2 and each stage multiplies its stride.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RegNetStagesRuleAttribute : Attribute;

/// <summary>A component with fixed output levels, e.g. a user-defined backbone.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class FixedOutputsRuleAttribute : Attribute
{
    /// <summary>Channels per output level.</summary>
    public int[] Channels { get; set; } = [];
    /// <summary>Stride per output level.</summary>
    public int[] Strides { get; set; } = [];
}

/// <summary>
/// FPN-style neck: in_channels must equal the inputs' channels; outputs num_outs levels of
/// out_channels whose strides are the inputs' from start_level on, then doubling.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class PyramidNeckRuleAttribute : Attribute;

/// <summary>
/// Dense head over all neck levels: in_channels must equal the levels' channels, and the strides
/// found at <see cref="StridesFrom"/> (a property key or a sub-slot key path such as
/// <c>anchor_generator.strides</c>) must equal the levels' strides.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class DenseHeadRuleAttribute : Attribute
{
    /// <summary>Key path of the strides, relative to the head.</summary>
    public string StridesFrom { get; set; } = "anchor_generator.strides";
}

/// <summary>RoI feature extractor: out_channels must equal the levels' channels and featmap_strides the first levels' strides.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RoIExtractorRuleAttribute : Attribute;

/// <summary>On a RoI head: the head in <see cref="Head"/> reads what the extractor in <see cref="Extractor"/> pools, so its in_channels must equal the extractor's out_channels.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class RoIPairRuleAttribute : Attribute
{
    /// <summary>Slot key of the extractor, e.g. <c>bbox_roi_extractor</c>.</summary>
    public string Extractor { get; set; } = "bbox_roi_extractor";
    /// <summary>Slot key of the head, e.g. <c>bbox_head</c>.</summary>
    public string Head { get; set; } = "bbox_head";
}

/// <summary>
/// On a multi-stage RoI head (Cascade R-CNN): <c>num_stages</c>, the length of <c>stage_loss_weights</c> and the number of
/// heads in the list slot <see cref="Heads"/> must agree (DET208); the detector's per-stage settings follow the same count
/// (<see cref="PerStageRuleAttribute"/>). A RoI head without this rule has one stage.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RoIStagesRuleAttribute : Attribute
{
    /// <summary>Key of the list slot with one head per stage, e.g. <c>bbox_head</c>.</summary>
    public string Heads { get; set; } = "bbox_head";

    /// <summary>Key of a list slot that is either empty or has one head per stage, e.g. <c>mask_head</c>.</summary>
    public string? OptionalHeads { get; set; }
}

/// <summary>On settings (<c>train_cfg</c>): the list slot <see cref="Key"/> has one item per stage of the RoI head (DET208).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class PerStageRuleAttribute : Attribute
{
    /// <summary>Key of the per-stage list slot, e.g. <c>rcnn</c>.</summary>
    public string Key { get; set; } = "rcnn";
}

/// <summary>The component predicts num_classes classes: it must match the dataset's class count and the other heads (DET205, DET206).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class NumClassesRuleAttribute : Attribute;

/// <summary>A dataset whose class count is the length of its classes, or <see cref="DefaultCount"/> when classes is not set (80 for COCO).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class DatasetClassesRuleAttribute : Attribute
{
    /// <summary>Class count when no classes are selected.</summary>
    public int DefaultCount { get; set; }
}
