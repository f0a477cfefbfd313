namespace Detect.Analysis.Fusion;

/// <summary>How <see cref="WeightedBoxesFusion"/> scores a fused box (ensemble_boxes' <c>conf_type</c>).</summary>
public enum WbfConfType
{
    /// <summary><c>avg</c>: the mean weighted score of the cluster, times min(models, boxes) / sum of weights.</summary>
    Avg,

    /// <summary><c>max</c>: the highest weighted score, divided by the largest weight.</summary>
    Max,

    /// <summary><c>box_and_model_avg</c>: box-wise weighted average, rescaled by the weights of the models present.</summary>
    BoxAndModelAvg,

    /// <summary><c>absent_model_aware_avg</c>: weighted average that counts the weights of models absent from the cluster.</summary>
    AbsentModelAwareAvg,
}
