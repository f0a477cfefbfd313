using static TorchSharp.torch;

namespace Detect.Models.DenseHeads;

/// <summary>
/// A dense head's raw outputs, one tensor per pyramid level: class scores (N × A·C × H × W), box predictions
/// (N × A·4 × H × W) and, for heads that have them, score factors such as FCOS's centerness (N × A × H × W).
/// </summary>
/// <param name="ClsScores">Class logits per level.</param>
/// <param name="BboxPreds">Box regressions per level.</param>
/// <param name="ScoreFactors">Per-prior factors multiplied into the scores at inference, or null.</param>
public sealed record DenseHeadOutputs(Tensor[] ClsScores, Tensor[] BboxPreds, Tensor[]? ScoreFactors = null)
{
    /// <summary>(height, width) of every level.</summary>
    public (int Height, int Width)[] FeatmapSizes => [.. ClsScores.Select(c => ((int)c.shape[^2], (int)c.shape[^1]))];
}
