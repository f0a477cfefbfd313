using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Engine;

// One training iteration: the step itself, and what happens when its loss or gradient norm is not finite
// (stop with an InvalidLossException, or skip and count: InvalidLossPolicy).
public sealed partial class Runner
{
    /// <summary>
    /// One training step (MMEngine's <c>train_step</c>): loss, backward, clip, step, zero_grad in one
    /// dispose scope. Every iteration's losses are checked before the backward pass and the gradient norm
    /// (with clipping) before the optimizer step, so a NaN or infinite value never reaches the model:
    /// the weights and buffers stay as they were, and by <see cref="OptimWrapperOptions.OnInvalidLoss"/>
    /// the run stops with an <see cref="InvalidLossException"/> or the result names what was skipped.
    /// </summary>
    public TrainStepResult TrainStep(DetBatch batch)
    {
        var optim = OptimWrapper ?? throw new InvalidOperationException("TrainStep needs the optimizer that Train builds.");
        using var scope = NewDisposeScope();
        Model.train();
        buffers ??= new BufferSnapshot(Model);
        buffers.Take();
        var (total, logVars) = LossParser.Parse(Model.Loss(batch));
        string? invalid = LossParser.FirstNonFinite(logVars);
        if (invalid is null)
        {
            var update = optim.UpdateParams(total);
            if (update.GradNorm is { } gradNorm) logVars["grad_norm"] = gradNorm;
            if (optim.AllReduceSeconds is { } reduce) logVars["allreduce_time"] = reduce;
            if (!update.Stepped) invalid = "grad_norm";
        }
        if (invalid is null) return new TrainStepResult(logVars, null);

        optim.Optimizer.ZeroGrad();
        buffers.Restore();
        if (Options.OptimWrapper!.OnInvalidLoss == InvalidLossPolicy.Skip) return new TrainStepResult(logVars, invalid);
        throw new InvalidLossException(invalid, logVars[invalid], Iter + 1, Epoch + 1, ImagesOf(batch), LastCheckpoint);
    }

    BufferSnapshot? buffers;

    /// <summary>
    /// The newest checkpoint of this run (<c>last_ckpt</c>, which a resumed run keeps from its checkpoint),
    /// else the checkpoint it resumed from; null when there is none.
    /// </summary>
    public string? LastCheckpoint => MessageHub.GetInfo("last_ckpt") as string ?? resumedFrom;

    /// <summary>Training iterations skipped so far for a non-finite loss or gradient norm (<see cref="InvalidLossPolicy.Skip"/>), resumed runs included.</summary>
    public long SkippedIters => MessageHub.GetInfo(SkippedItersKey) is long n ? n : 0;

    const string SkippedItersKey = "skipped_iters";

    internal void RunTrainIter(int batchIdx, DetBatch batch)
    {
        try
        {
            // The lr this iteration uses, logged first (MMEngine's RuntimeInfoHook does it before the other hooks).
            MessageHub.UpdateScalar("train/lr", OptimWrapper!.Optimizer.ParamGroups[0].Lr);
            CallHook(h => h.BeforeTrainIter(this, batchIdx, batch));
            var step = TrainStep(batch);
            if (step.SkippedFor is { } term) ReportSkippedIter(term, step.LogVars[term], batch);
            // A skipped iteration's values stay out of the logged means; its hooks still run (schedules count iterations).
            else foreach (var (key, value) in step.LogVars) MessageHub.UpdateScalar("train/" + key, value);
            CallHook(h => h.AfterTrainIter(this, batchIdx, batch, step.LogVars));
        }
        catch (Exception e) when (FailureContext.NoteStage(e, $"training (epoch {Epoch + 1}, iteration {Iter + 1})"))
        {
            throw; // not reached: the filter notes the stage and lets the exception pass
        }
        finally
        {
            batch.Dispose();
        }
    }

    void ReportSkippedIter(string term, double value, DetBatch batch)
    {
        long skipped = SkippedIters + 1;
        MessageHub.UpdateInfo(SkippedItersKey, skipped);
        Log.Warning($"Skipped iteration {Iter + 1} (epoch {Epoch + 1}): {InvalidLossException.Describe(term, value)}; the batch held " +
            $"{string.Join(", ", ImagesOf(batch))}. The weights were not updated; {skipped} iteration(s) skipped so far.");
    }

    static List<string> ImagesOf(DetBatch batch) => [.. batch.Samples.Select(s => s.Meta.ImgPath)];
}
