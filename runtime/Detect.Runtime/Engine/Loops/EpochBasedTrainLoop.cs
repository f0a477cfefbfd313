using Detect.Data;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>EpochBasedTrainLoop</c>: epochs of the loader's batches, validation every
/// <c>val_interval</c> epochs and after the last. A run resumed from a checkpoint taken inside an
/// epoch continues with that epoch's next batch (the loader skips the batches already trained on).
/// </summary>
public sealed class EpochBasedTrainLoop : TrainLoop
{
    /// <summary>Creates the loop.</summary>
    public EpochBasedTrainLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader, EpochBasedTrainLoopOptions options)
        : base(runner, loader, options)
    {
        if (options.MaxEpochs <= 0) throw new ArgumentException($"max_epochs must be positive, got {options.MaxEpochs}.", nameof(options));
        BatchesPerEpoch = loader.BatchesPerEpoch
            ?? throw new ArgumentException("An epoch-based loop needs a finite sampler (DefaultSampler), not an InfiniteSampler.", nameof(loader));
        if (BatchesPerEpoch == 0) throw new ArgumentException("The training loader has no batches: the dataset is empty or smaller than one batch with drop_last.", nameof(loader));
        MaxEpochs = options.MaxEpochs;
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <inheritdoc />
    public override int MaxEpochs { get; }

    /// <inheritdoc />
    public override int MaxIters => MaxEpochs * BatchesPerEpoch;

    /// <inheritdoc />
    public override string Describe() => $"{MaxEpochs} epochs of {BatchesPerEpoch} iterations";

    /// <inheritdoc />
    public override void Run()
    {
        Runner.CallHook(h => h.BeforeTrain(Runner));
        while (Epoch < MaxEpochs && !StopTraining)
        {
            RunEpoch();
            if (ShouldValidate(Epoch, MaxEpochs)) Runner.ValLoop!.Run();
        }
        Runner.CallHook(h => h.AfterTrain(Runner));
    }

    void RunEpoch()
    {
        Runner.CallHook(h => h.BeforeTrainEpoch(Runner));
        Runner.Model.train();
        int batchIdx = Iter - Epoch * BatchesPerEpoch;
        if (batchIdx < 0 || batchIdx > BatchesPerEpoch)
            throw new InvalidDataException($"Iteration {Iter} is not in epoch {Epoch + 1} of {BatchesPerEpoch} iterations: the checkpoint was made with another batch size or dataset.");
        foreach (var batch in Loader.Epoch(Epoch, batchIdx))
        {
            Runner.RunTrainIter(batchIdx++, batch);
            Iter++;
        }
        Runner.ReportSkipped(Loader, "training");
        Runner.CallHook(h => h.AfterTrainEpoch(Runner));
        Epoch++;
    }
}
