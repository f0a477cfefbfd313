using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>Assigns ground-truth boxes (or background, or "ignore") to every prior of an image.</summary>
public interface IAssigner
{
    /// <summary>Assigns the ground truths of one image to its priors.</summary>
    /// <param name="priors">n×4 xyxy priors (anchors, proposals; extra columns beyond 4 are ignored).</param>
    /// <param name="gtBboxes">k×4 xyxy ground-truth boxes.</param>
    /// <param name="gtLabels">k int64 labels in 0..K−1.</param>
    /// <param name="gtBboxesIgnore">Boxes whose covered priors are ignored (crowd regions), or null.</param>
    /// <param name="numLevelPriors">Priors per pyramid level, in order (needed by level-aware assigners such as ATSS).</param>
    AssignResult Assign(Tensor priors, Tensor gtBboxes, Tensor gtLabels, Tensor? gtBboxesIgnore = null,
                        IReadOnlyList<int>? numLevelPriors = null);
}
