using Detect.Transforms;

namespace Detect.Config;

// MMDetection's test-time augmentation settings: `tta_pipeline` (LoadImageFromFile, then a TestTimeAug whose steps each
// list alternatives) and `tta_model` (DetTTAModel: how the views' predictions are merged). `detect test --tta` and
// `detect infer --tta` use them; an experiment without them gets the flip TTA built from its test pipeline.

/// <summary>
/// <c>TestTimeAug</c> in <c>tta_pipeline</c>: each item of <c>transforms</c> is a <see cref="TtaChoiceAttribute"/> listing one
/// step's alternatives, appended in order at <c>tta_pipeline.N.transforms</c>, its transforms at
/// <c>tta_pipeline.N.transforms.K.transforms</c>; the views are every combination. End with a step holding PackDetInputs.
/// </summary>
/// <example>
/// MMDetection's <c>dict(type='TestTimeAug', transforms=[[Resize(1333, 640), Resize(1333, 800)], [RandomFlip(prob=1.), RandomFlip(prob=0.)], [PackDetInputs(...)]])</c>:
/// <code>
/// [LoadImageFromFile(At = Slots.TtaPipeline)]
/// [TestTimeAug(At = Slots.TtaPipeline)]
/// [TtaChoice(At = "tta_pipeline.1.transforms")]
/// [Resize(At = "tta_pipeline.1.transforms.0.transforms", Scale = [1333, 640], KeepRatio = true)]
/// [Resize(At = "tta_pipeline.1.transforms.0.transforms", Scale = [1333, 800], KeepRatio = true)]
/// [TtaChoice(At = "tta_pipeline.1.transforms")]
/// [RandomFlip(At = "tta_pipeline.1.transforms.1.transforms", Prob = 1.0)]
/// [RandomFlip(At = "tta_pipeline.1.transforms.1.transforms", Prob = 0.0)]
/// [TtaChoice(At = "tta_pipeline.1.transforms")]
/// [PackDetInputs(At = "tta_pipeline.1.transforms.2.transforms", MetaKeys = [...])]
/// </code>
/// </example>
[Register("TestTimeAug", Builds = typeof(TestTimeAug))]
[PipelineStep("PipelineSample", "TtaInputs")]
[TtaStepsRule]
public sealed class TestTimeAugAttribute : TransformAttribute
{
    /// <summary><c>transforms</c>: the steps, each a list of alternatives.</summary>
    [RequiredSlot]
    public TtaStepAttribute[]? Transforms { get; }
}

/// <summary>One step of <see cref="TestTimeAugAttribute"/>: the alternatives it offers (MMDetection's inner list).</summary>
[Register("TtaChoice", Builds = typeof(TtaChoice))]
public sealed class TtaChoiceAttribute : TtaStepAttribute
{
    /// <summary>The alternatives, at <c>tta_pipeline.N.transforms.K.transforms</c>.</summary>
    [RequiredSlot]
    public TransformAttribute[]? Transforms { get; }
}

/// <summary>
/// <c>tta_model=dict(type='DetTTAModel', tta_cfg=dict(nms=dict(type='nms', iou_threshold=...), max_per_img=...))</c>: the views'
/// boxes flipped back, class-aware NMS, the best <c>max_per_img</c> kept (<see cref="DetTtaMerger"/>). Written flat:
/// <c>[DetTtaModel(IouThreshold = 0.6, MaxPerImg = 100)]</c>.
/// </summary>
[Register("DetTTAModel", Builds = typeof(DetTtaMerger))]
public sealed class DetTtaModelAttribute : TtaModelAttribute
{
    /// <summary><c>tta_cfg.nms.iou_threshold</c>.</summary>
    [InRange(0, 1)]
    public double IouThreshold { get; set; }

    /// <summary><c>tta_cfg.max_per_img</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxPerImg { get; set; }
}
