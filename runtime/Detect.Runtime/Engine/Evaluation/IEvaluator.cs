using Detect.Data;
using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// What the validation and test loops feed predictions to (MMEngine's <c>Evaluator</c>): bound once to the dataset it
/// evaluates, then one <see cref="Process"/> per batch and <see cref="Evaluate"/> once per epoch.
/// </summary>
public interface IEvaluator
{
    /// <summary>
    /// Tells the evaluator which dataset it evaluates (MMEngine's <c>evaluator.dataset_meta = dataset.metainfo</c>): the classes,
    /// and the ground truth where the evaluator reads it from the dataset. Called before the first batch; does nothing by default.
    /// </summary>
    void Bind(IDetectionDataset dataset, Action<string> log) { }

    /// <summary>Takes one batch's predictions (in original-image pixels); their tensors are read, not kept.</summary>
    void Process(IReadOnlyList<DetDataSample> predictions);

    /// <summary>The metrics over everything processed since the last call, by MMDetection's names (<c>coco/bbox_mAP</c>).</summary>
    IReadOnlyDictionary<string, double> Evaluate();
}
