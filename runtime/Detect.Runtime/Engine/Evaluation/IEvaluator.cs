using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// What the validation and test loops feed predictions to (MMEngine's <c>Evaluator</c>): one
/// <see cref="Process"/> per batch, then <see cref="Evaluate"/> once per epoch.
/// </summary>
public interface IEvaluator
{
    /// <summary>Takes one batch's predictions (in original-image pixels); their tensors are read, not kept.</summary>
    void Process(IReadOnlyList<DetDataSample> predictions);

    /// <summary>The metrics over everything processed since the last call, by MMDetection's names (<c>coco/bbox_mAP</c>).</summary>
    IReadOnlyDictionary<string, double> Evaluate();
}
