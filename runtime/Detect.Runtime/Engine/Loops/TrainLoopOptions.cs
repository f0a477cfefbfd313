namespace Detect.Engine;

/// <summary>MMEngine's <c>train_cfg</c>: how long to train and how often to validate.</summary>
public abstract record TrainLoopOptions
{
    /// <summary><c>val_interval</c>: validate every this many epochs (iterations for an iteration-based loop), and at the end.</summary>
    public int ValInterval { get; init; } = 1;

    /// <summary><c>val_begin</c>: the first epoch (iteration) after which validation may run.</summary>
    public int ValBegin { get; init; } = 1;
}

/// <summary><c>EpochBasedTrainLoop</c>: <see cref="MaxEpochs"/> passes over the training set.</summary>
/// <param name="MaxEpochs"><c>max_epochs</c>.</param>
public sealed record EpochBasedTrainLoopOptions(int MaxEpochs) : TrainLoopOptions;

/// <summary><c>IterBasedTrainLoop</c>: <see cref="MaxIters"/> iterations, drawing batches without regard to epochs.</summary>
/// <param name="MaxIters"><c>max_iters</c>.</param>
public sealed record IterBasedTrainLoopOptions(int MaxIters) : TrainLoopOptions;
