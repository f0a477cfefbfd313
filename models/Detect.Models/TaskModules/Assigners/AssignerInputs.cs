using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>Argument checks and the label lookup shared by the assigners.</summary>
internal static class AssignerInputs
{
    public static void Check(Tensor priors, Tensor gtBboxes, Tensor gtLabels)
    {
        if (priors.dim() != 2 || priors.shape[1] < 4)
            throw new ArgumentException($"priors must be n×4 (or wider), got [{string.Join(", ", priors.shape)}].", nameof(priors));
        if (gtBboxes.dim() != 2 || gtBboxes.shape[1] != 4)
            throw new ArgumentException($"gtBboxes must be k×4, got [{string.Join(", ", gtBboxes.shape)}].", nameof(gtBboxes));
        if (gtLabels.dim() != 1 || gtLabels.shape[0] != gtBboxes.shape[0])
            throw new ArgumentException($"gtLabels must have {gtBboxes.shape[0]} elements, got [{string.Join(", ", gtLabels.shape)}].", nameof(gtLabels));
    }

    /// <summary>Labels of the assigned ground truths for positives (gtInds &gt; 0), −1 elsewhere.</summary>
    public static Tensor LabelsOf(Tensor gtInds, Tensor gtLabels)
    {
        using var scope = NewDisposeScope();
        var positive = gtInds.gt(Scalars.Zero);
        var gathered = gtLabels.to(ScalarType.Int64).index_select(0, gtInds.sub(Scalars.One).clamp_min(Scalars.Zero));
        return where(positive, gathered, full_like(gtInds, Scalars.MinusOne)).MoveToOuterDisposeScope();
    }
}
