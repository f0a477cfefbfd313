using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Structures;

/// <summary>
/// The instances of one image, as MMDetection's <c>InstanceData</c>: ground truth (boxes, labels,
/// masks) or predictions (boxes, labels, scores, masks). Row i of every tensor is instance i.
/// </summary>
/// <remarks>
/// Conventions (DESIGN.md): boxes are xyxy float32 in pixels, width = x2 − x1; labels are int64 in
/// 0..K−1; masks are N×H×W bool at the resolution of the image they belong to. An InstanceData owns
/// its tensors: dispose it, or move it out of a dispose scope with <see cref="MoveToOuterDisposeScope"/>.
/// </remarks>
public sealed class InstanceData : IDisposable
{
    /// <summary>Creates instances; every tensor must have the same first dimension.</summary>
    public InstanceData(Tensor bboxes, Tensor labels, Tensor? scores = null, Tensor? masks = null)
    {
        long n = bboxes.shape[0];
        if (bboxes.dim() != 2 || bboxes.shape[1] != 4)
            throw new ArgumentException($"bboxes must be N×4, got [{string.Join(", ", bboxes.shape)}].", nameof(bboxes));
        if (labels.dim() != 1 || labels.shape[0] != n)
            throw new ArgumentException($"labels must have {n} elements, got [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (scores is not null && (scores.dim() != 1 || scores.shape[0] != n))
            throw new ArgumentException($"scores must have {n} elements, got [{string.Join(", ", scores.shape)}].", nameof(scores));
        if (masks is not null && (masks.dim() != 3 || masks.shape[0] != n))
            throw new ArgumentException($"masks must be {n}×H×W, got [{string.Join(", ", masks.shape)}].", nameof(masks));
        Bboxes = bboxes;
        Labels = labels;
        Scores = scores;
        Masks = masks;
    }

    /// <summary>N×4 float32 boxes, xyxy pixels.</summary>
    public Tensor Bboxes { get; }

    /// <summary>N int64 labels in 0..K−1.</summary>
    public Tensor Labels { get; }

    /// <summary>N float32 scores (predictions only).</summary>
    public Tensor? Scores { get; }

    /// <summary>N×H×W bool masks, when the task has masks.</summary>
    public Tensor? Masks { get; }

    /// <summary>Number of instances.</summary>
    public int Count => (int)Bboxes.shape[0];

    /// <summary>No instances, on <paramref name="device"/>.</summary>
    public static InstanceData Empty(Device? device = null, bool withScores = false) =>
        new(zeros(0, 4, device: device), zeros(0, dtype: int64, device: device),
            withScores ? zeros(0, device: device) : null);

    /// <summary>The instances selected by an int64 index or bool mask tensor.</summary>
    public InstanceData Index(Tensor selector) =>
        new(Bboxes[selector], Labels[selector], Scores?[selector], Masks?[selector]);

    /// <summary>A copy on another device.</summary>
    public InstanceData To(Device device) =>
        new(Bboxes.to(device), Labels.to(device), Scores?.to(device), Masks?.to(device));

    /// <summary>Moves every tensor to the enclosing dispose scope, so it outlives the current one.</summary>
    public InstanceData MoveToOuterDisposeScope()
    {
        Bboxes.MoveToOuterDisposeScope();
        Labels.MoveToOuterDisposeScope();
        Scores?.MoveToOuterDisposeScope();
        Masks?.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>Detaches every tensor from all dispose scopes; the caller disposes.</summary>
    public InstanceData DetachFromDisposeScope()
    {
        Bboxes.DetachFromDisposeScope();
        Labels.DetachFromDisposeScope();
        Scores?.DetachFromDisposeScope();
        Masks?.DetachFromDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Bboxes.Dispose();
        Labels.Dispose();
        Scores?.Dispose();
        Masks?.Dispose();
    }
}
