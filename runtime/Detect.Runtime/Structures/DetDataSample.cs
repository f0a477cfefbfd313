namespace Detect.Structures;

/// <summary>
/// One image's annotations and predictions as they travel between pipeline, model, evaluator and
/// visualizer (MMDetection's <c>DetDataSample</c>).
/// </summary>
/// <param name="Meta">Where the image came from and what the pipeline did to it.</param>
/// <param name="GtInstances">Ground truth used for training and evaluation (on the transformed image).</param>
/// <param name="IgnoredInstances">Ground truth to ignore (crowd boxes, ignore flags).</param>
/// <param name="PredInstances">Predictions, in original-image pixels when predicted with rescale.</param>
public sealed record DetDataSample(
    ImageMeta Meta,
    InstanceData? GtInstances = null,
    InstanceData? IgnoredInstances = null,
    InstanceData? PredInstances = null);
