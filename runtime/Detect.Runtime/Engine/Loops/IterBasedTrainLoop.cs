using Detect.Data;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>IterBasedTrainLoop</c>: <c>max_iters</c> iterations, validation every
/// <c>val_interval</c> iterations and after the last. With an infinite sampler the batches are one
/// endless stream; with a finite one the loader starts the next epoch when one ends. A resumed run
/// skips the batches already trained on without loading them.
/// </summary>
public sealed class IterBasedTrainLoop : TrainLoop
{
    /// <summary>Creates the loop.</summary>
    public IterBasedTrainLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader, IterBasedTrainLoopOptions options)
        : base(runner, loader, options)
    {
        if (options.MaxIters <= 0) throw new ArgumentException($"max_iters must be positive, got {options.MaxIters}.", nameof(options));
        if (loader.BatchesPerEpoch == 0) throw new ArgumentException("The training loader has no batches.", nameof(loader));
        MaxIters = options.MaxIters;
    }

    /// <inheritdoc />
    public override int MaxEpochs => 1;

    /// <inheritdoc />
    public override int MaxIters { get; }

    /// <inheritdoc />
    public override string Describe() => $"{MaxIters} iterations";

    /// <inheritdoc />
    public override void Run()
    {
        Runner.CallHook(h => h.BeforeTrain(Runner));
        Runner.CallHook(h => h.BeforeTrainEpoch(Runner));
        using (var batches = Batches(Iter).GetEnumerator())
        {
            while (Iter < MaxIters && !StopTraining && batches.MoveNext())
            {
                Runner.Model.train();
                Runner.RunTrainIter(Iter, batches.Current);
                Iter++;
                if (ShouldValidate(Iter, MaxIters)) Runner.ValLoop!.Run();
            }
        }
        Runner.ReportSkipped(Loader, "training");
        Runner.CallHook(h => h.AfterTrainEpoch(Runner));
        Runner.CallHook(h => h.AfterTrain(Runner));
    }

    // The batches from global iteration `start` on.
    IEnumerable<DetBatch> Batches(int start)
    {
        if (Loader.BatchesPerEpoch is not { } perEpoch)
        {
            foreach (var batch in Loader.Epoch(0, start)) yield return batch;
            yield break;
        }
        for (int epoch = start / perEpoch, skip = start % perEpoch; ; epoch++, skip = 0)
            foreach (var batch in Loader.Epoch(epoch, skip)) yield return batch;
    }
}
