namespace Detect.Evaluation;

/// <summary>What <see cref="CocoMetric"/> evaluates (MMDetection's <c>metric</c>: 'bbox', 'segm', 'proposal').</summary>
public enum CocoMetricType
{
    /// <summary>Box AP over the categories.</summary>
    Bbox,

    /// <summary>Mask AP over the categories (the model must predict masks).</summary>
    Segm,

    /// <summary>Class-agnostic box recall of proposals (<c>AR@100</c>, ...).</summary>
    Proposal,
}
