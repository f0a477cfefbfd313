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

/// <summary>A loader's <c>sampler</c>; without <c>At</c> the train loader's (<c>train_dataloader.sampler</c>).</summary>
[ComponentKind(DefaultSlot = "train_dataloader.sampler")]
public abstract class DataSamplerAttribute : ComponentAttribute
{
    /// <summary><c>shuffle</c>.</summary>
    public bool Shuffle { get; set; }

    /// <summary><c>seed</c>; 0: unset, the run's seed (MMEngine's <c>seed=None</c>).</summary>
    [InRange(0, int.MaxValue)]
    public int Seed { get; set; }
}

/// <summary>One step of a <c>TestTimeAug</c>: its alternatives (an inner list of MMDetection's <c>transforms=[[...], [...]]</c>).</summary>
[ComponentKind]
public abstract class TtaStepAttribute : ComponentAttribute;

/// <summary>How the views of test-time augmentation are merged (<c>tta_model</c>).</summary>
[ComponentKind(DefaultSlot = "tta_model")]
public abstract class TtaModelAttribute : ComponentAttribute;
