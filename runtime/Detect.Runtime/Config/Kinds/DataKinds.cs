namespace Detect.Config;

/// <summary>
/// A dataset. Without <c>At</c> it sets the <c>dataset</c> variable, which flows into the three
/// loaders' datasets; with <c>At = Slots.TrainDataset</c> it sets one loader's dataset.
/// </summary>
[ComponentKind(DefaultSlot = "dataset")]
public abstract class DatasetAttribute : ComponentAttribute
{
    /// <summary>The dataset's <c>pipeline</c>; filled from <c>train_pipeline</c> / <c>test_pipeline</c>, applied by the loader.</summary>
    public TransformAttribute[]? Pipeline { get; }
}

/// <summary>A data transform; without <c>At</c> it is appended to <c>train_pipeline</c>.</summary>
[ComponentKind(DefaultSlot = "train_pipeline")]
public abstract class TransformAttribute : ComponentAttribute;

/// <summary>An evaluator; without <c>At</c> it sets the <c>evaluator</c> variable used by validation and test.</summary>
[ComponentKind(DefaultSlot = "evaluator")]
public abstract class EvaluatorAttribute : ComponentAttribute;
