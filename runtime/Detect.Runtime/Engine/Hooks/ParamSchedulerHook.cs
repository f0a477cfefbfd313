using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>ParamSchedulerHook</c>: steps iteration-based schedules after every training
/// iteration and epoch-based ones after every training epoch.
/// </summary>
public sealed class ParamSchedulerHook() : Hook(HookPriorities.Low)
{
    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        foreach (var scheduler in runner.ParamSchedulers)
            if (!scheduler.ByEpoch) scheduler.Step();
    }

    /// <inheritdoc />
    public override void AfterTrainEpoch(Runner runner)
    {
        foreach (var scheduler in runner.ParamSchedulers)
            if (scheduler.ByEpoch) scheduler.Step();
    }
}
