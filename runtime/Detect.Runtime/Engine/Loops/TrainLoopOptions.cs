using Detect.Data;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>MMEngine's <c>train_cfg</c>: how long to train and how often to validate.</summary>
public abstract record TrainLoopOptions
{
    /// <summary><c>val_interval</c>: validate every this many epochs (iterations for an iteration-based loop), and at the end.</summary>
    public int ValInterval { get; init; } = 1;

    /// <summary><c>val_begin</c>: the first epoch (iteration) after which validation may run.</summary>
    public int ValBegin { get; init; } = 1;

    /// <summary>The loop these settings describe, over <paramref name="loader"/> (MMEngine builds the loop from <c>train_cfg</c>).</summary>
    public abstract TrainLoop CreateLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader);
}

/// <summary><c>EpochBasedTrainLoop</c>: <see cref="MaxEpochs"/> passes over the training set.</summary>
public sealed record EpochBasedTrainLoopOptions : TrainLoopOptions
{
    /// <summary>Creates the settings.</summary>
    /// <param name="maxEpochs"><c>max_epochs</c>.</param>
    /// <param name="valInterval"><c>val_interval</c> in epochs.</param>
    public EpochBasedTrainLoopOptions(int maxEpochs, int valInterval = 1) => (MaxEpochs, ValInterval) = (maxEpochs, valInterval);

    /// <summary><c>max_epochs</c>.</summary>
    public int MaxEpochs { get; init; }

    /// <inheritdoc />
    public override TrainLoop CreateLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader) => new EpochBasedTrainLoop(runner, loader, this);
}

/// <summary><c>IterBasedTrainLoop</c>: <see cref="MaxIters"/> iterations, drawing batches without regard to epochs.</summary>
public sealed record IterBasedTrainLoopOptions : TrainLoopOptions
{
    /// <summary>Creates the settings.</summary>
    /// <param name="maxIters"><c>max_iters</c>.</param>
    /// <param name="valInterval"><c>val_interval</c> in iterations.</param>
    public IterBasedTrainLoopOptions(int maxIters, int valInterval = 1) => (MaxIters, ValInterval) = (maxIters, valInterval);

    /// <summary><c>max_iters</c>.</summary>
    public int MaxIters { get; init; }

    /// <inheritdoc />
    public override TrainLoop CreateLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader) => new IterBasedTrainLoop(runner, loader, this);
}
