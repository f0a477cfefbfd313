namespace Detect.Config;

/// <summary>
/// A transform's place in the typed pipeline: it consumes a sample of stage <see cref="Consumes"/>
/// and produces one of stage <see cref="Produces"/> (stages: <c>DataInfo</c> → <c>PipelineSample</c> →
/// <c>PackedDetInputs</c>). A pipeline starts at <c>DataInfo</c> and must end at <c>PackedDetInputs</c> (DET301, DET302).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class PipelineStepAttribute(string consumes, string produces) : Attribute
{
    /// <summary>Stage the transform needs.</summary>
    public string Consumes { get; } = consumes;
    /// <summary>Stage the transform gives.</summary>
    public string Produces { get; } = produces;
}

/// <summary>The model trains on instance masks: the train pipeline must load them (DET303).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class NeedsMasksRuleAttribute : Attribute;

/// <summary>A transform that loads annotations; <see cref="MaskFlag"/> names its "with masks" property.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class AnnotationLoaderRuleAttribute : Attribute
{
    /// <summary>Property that switches mask loading on.</summary>
    public string MaskFlag { get; set; } = "WithMask";
}

/// <summary>A transform that mixes images drawn from the dataset (Mosaic, MixUp): only a MultiImageMixDataset's own pipeline may hold it (DET304).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class MixingTransformRuleAttribute : Attribute;

/// <summary>A dataset wrapper whose own pipeline draws the extra images mixing transforms need (MultiImageMixDataset).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class MixingDatasetRuleAttribute : Attribute;

/// <summary>An evaluator that scores instance masks when its <c>Metric</c> lists <c>segm</c>: the model must predict masks (DET305).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class MaskMetricRuleAttribute : Attribute;

/// <summary>
/// A TestTimeAug's steps: before the last, each alternative maps a sample to a sample; the last step is either such
/// alternatives or one PackDetInputs (DET301).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class TtaStepsRuleAttribute : Attribute;
