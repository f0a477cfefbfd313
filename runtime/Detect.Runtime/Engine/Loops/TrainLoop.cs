using Detect.Data;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>What both training loops share: progress counters, the loader, and where a resumed run starts.</summary>
public abstract class TrainLoop
{
    /// <summary>Creates the loop.</summary>
    protected TrainLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader, TrainLoopOptions options)
    {
        if (options.ValInterval <= 0) throw new ArgumentException($"val_interval must be positive, got {options.ValInterval}.", nameof(options));
        Runner = runner;
        Loader = loader;
        ValInterval = options.ValInterval;
        ValBegin = options.ValBegin;
    }

    /// <summary>The runner.</summary>
    protected Runner Runner { get; }

    /// <summary>The training loader.</summary>
    public DataLoader<PackedDetInputs, DetBatch> Loader { get; }

    /// <summary>Epochs completed (the current epoch's index while it runs).</summary>
    public int Epoch { get; protected set; }

    /// <summary>Iterations completed (the current iteration's index while it runs).</summary>
    public int Iter { get; protected set; }

    /// <summary>Epochs to train.</summary>
    public abstract int MaxEpochs { get; }

    /// <summary>Iterations to train.</summary>
    public abstract int MaxIters { get; }

    /// <summary>Validate every this many epochs (iterations).</summary>
    public int ValInterval { get; }

    /// <summary>First epoch (iteration) after which validation may run.</summary>
    public int ValBegin { get; }

    /// <summary>Set by a hook to stop after the current iteration (MMEngine's <c>stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Runs the loop from the current counters to the end.</summary>
    public abstract void Run();

    /// <summary>One line for the log: the loop's length.</summary>
    public abstract string Describe();

    /// <summary>Sets the counters of a resumed run.</summary>
    public void Restore(int epoch, int iter)
    {
        if (epoch < 0 || iter < 0) throw new InvalidDataException($"A checkpoint cannot be at epoch {epoch}, iteration {iter}.");
        Epoch = epoch;
        Iter = iter;
    }

    /// <summary>Whether validation runs after <paramref name="progress"/> epochs (iterations) of <paramref name="max"/>.</summary>
    protected bool ShouldValidate(int progress, int max) =>
        Runner.ValLoop is not null && progress >= ValBegin && (progress % ValInterval == 0 || progress == max);
}
