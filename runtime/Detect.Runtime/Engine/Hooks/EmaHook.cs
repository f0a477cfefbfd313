using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>Which averaging an <see cref="EmaHook"/> keeps (MMEngine's <c>ema_type</c>).</summary>
public enum EmaType
{
    /// <summary>MMDetection's <c>ExpMomentumEMA</c>.</summary>
    [Config.ConfigName("ExpMomentumEMA")]
    ExpMomentumEma,
    /// <summary>MMEngine's <c>ExponentialMovingAverage</c>.</summary>
    [Config.ConfigName("ExponentialMovingAverage")]
    ExponentialMovingAverage,
}

/// <summary>
/// MMEngine's <c>EMAHook</c>: keeps a moving average of the weights, updated after every training
/// iteration; validation, testing and saved checkpoints use the averaged weights (a checkpoint's
/// <c>state_dict</c> holds the average and <c>ema_state_dict</c> the raw weights, so weights-only
/// loading gets the average), and a resumed run restores both.
/// </summary>
/// <param name="emaType">The averaging.</param>
/// <param name="momentum">The (final) momentum.</param>
/// <param name="gamma">ExpMomentumEMA's decay of the momentum.</param>
/// <param name="interval">Average every this many updates.</param>
/// <param name="updateBuffers">Average buffers (BatchNorm statistics) too.</param>
/// <param name="beginIter">Start averaging at this iteration (before: the average follows the weights).</param>
/// <param name="beginEpoch">Start averaging at this epoch (exclusive with <paramref name="beginIter"/>).</param>
public sealed class EmaHook(EmaType emaType = EmaType.ExpMomentumEma, double momentum = 0.0002, int gamma = 2000, int interval = 1,
    bool updateBuffers = false, int beginIter = 0, int beginEpoch = 0) : Hook(HookPriorities.Normal), IDisposable
{
    AveragedModel? ema;
    Tensor? stepsTensor;

    /// <summary>The averaged weights (after <see cref="BeforeRun"/>).</summary>
    public AveragedModel? Ema => ema;

    /// <inheritdoc />
    public override void BeforeRun(Runner runner)
    {
        if (beginIter != 0 && beginEpoch != 0) throw new ArgumentException("EMAHook: begin_iter and begin_epoch cannot both be set.");
        ema?.Dispose();
        ema = emaType == EmaType.ExpMomentumEma
            ? new ExpMomentumEma(runner.Model, momentum, gamma, interval, updateBuffers)
            : new ExponentialMovingAverage(runner.Model, momentum, interval, updateBuffers);
    }

    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        bool started = beginEpoch > 0 ? runner.Epoch + 1 >= beginEpoch : runner.Iter + 1 >= beginIter;
        if (started) ema!.UpdateParameters(runner.Model);
        else ema!.CopyFrom(runner.Model);
    }

    /// <inheritdoc />
    public override void BeforeValEpoch(Runner runner) => ema?.Swap(runner.Model);

    /// <inheritdoc />
    public override void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) => ema?.Swap(runner.Model);

    /// <inheritdoc />
    public override void BeforeTestEpoch(Runner runner) => ema?.Swap(runner.Model);

    /// <inheritdoc />
    public override void AfterTestEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) => ema?.Swap(runner.Model);

    /// <inheritdoc />
    public override void BeforeSaveCheckpoint(Runner runner, Dictionary<string, object?> checkpoint)
    {
        if (ema is null || checkpoint["state_dict"] is not Dictionary<string, Tensor> state) return;
        // MMEngine saves the average as ema_state_dict, then swaps it with state_dict entry by entry.
        var saved = new Dictionary<string, object?>();
        foreach (var (name, average) in ema.Averaged)
        {
            if (state.TryGetValue(name, out var raw))
            {
                saved["module." + name] = raw;
                state[name] = average;
            }
            else saved["module." + name] = average;
        }
        stepsTensor?.Dispose();
        stepsTensor = tensor(ema.Steps).DetachFromDisposeScope();
        saved["steps"] = stepsTensor;
        checkpoint["ema_state_dict"] = saved;
    }

    /// <inheritdoc />
    public override void AfterLoadCheckpoint(Runner runner, PickleDict checkpoint)
    {
        if (ema is null || checkpoint.GetValueOrNull("state_dict") is not PickleDict state) return;
        if (checkpoint.GetValueOrNull("ema_state_dict") is PickleDict saved && runner.Options.Resume)
        {
            foreach (var key in saved.Keys.OfType<string>().Where(k => k.StartsWith("module.", StringComparison.Ordinal)).ToList())
            {
                string name = key["module.".Length..];
                if (state.TryGetValue(name, out var average)) (saved[key], state[name]) = (average, saved[key]);
            }
            ema.LoadStateDict(saved, "the checkpoint");
        }
        else
        {
            if (runner.Options.Resume) runner.Log.Warning("There is no ema_state_dict in the checkpoint; the EMA starts from its weights.");
            ema.LoadWeights(state);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ema?.Dispose();
        stepsTensor?.Dispose();
    }
}
