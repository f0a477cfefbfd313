using System.Diagnostics;
using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>IterTimerHook</c>: logs <c>data_time</c> (waiting for the batch) and <c>time</c>
/// (the whole iteration, data included) and keeps the runtime information <c>eta</c> (seconds left,
/// from the mean iteration time of this run).
/// </summary>
public sealed class IterTimerHook() : Hook(HookPriorities.Normal)
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    double last;
    double totalSeconds;
    int startIter;

    /// <inheritdoc />
    public override void BeforeTrain(Runner runner) => startIter = runner.Iter;

    /// <inheritdoc />
    public override void BeforeTrainEpoch(Runner runner) => last = clock.Elapsed.TotalSeconds;

    /// <inheritdoc />
    public override void BeforeValEpoch(Runner runner) => last = clock.Elapsed.TotalSeconds;

    /// <inheritdoc />
    public override void BeforeTestEpoch(Runner runner) => last = clock.Elapsed.TotalSeconds;

    /// <inheritdoc />
    public override void BeforeTrainIter(Runner runner, int batchIdx, DetBatch batch) => Before(runner, "train");

    /// <inheritdoc />
    public override void BeforeValIter(Runner runner, int batchIdx, DetBatch batch) => Before(runner, "val");

    /// <inheritdoc />
    public override void BeforeTestIter(Runner runner, int batchIdx, DetBatch batch) => Before(runner, "test");

    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        double iterTime = After(runner, "train");
        totalSeconds += iterTime;
        double mean = totalSeconds / (runner.Iter - startIter + 1);
        runner.MessageHub.UpdateInfo("eta", mean * (runner.MaxIters - runner.Iter - 1));
    }

    /// <inheritdoc />
    public override void AfterValIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs) => After(runner, "val");

    /// <inheritdoc />
    public override void AfterTestIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs) => After(runner, "test");

    void Before(Runner runner, string mode) => runner.MessageHub.UpdateScalar($"{mode}/data_time", clock.Elapsed.TotalSeconds - last);

    double After(Runner runner, string mode)
    {
        double now = clock.Elapsed.TotalSeconds, iterTime = now - last;
        runner.MessageHub.UpdateScalar($"{mode}/time", iterTime);
        last = now;
        return iterTime;
    }
}
