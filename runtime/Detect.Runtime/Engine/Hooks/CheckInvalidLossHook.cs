using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>CheckInvalidLossHook</c>: stops training with an <see cref="InvalidLossException"/>
/// naming the iteration and the loss term as soon as a logged loss is NaN or infinite, every
/// <see cref="Interval"/> iterations (the values are already read for logging, so checking every
/// iteration costs nothing; MMDetection's configs use 50).
/// </summary>
/// <param name="interval">Check every this many iterations.</param>
public sealed class CheckInvalidLossHook(int interval = 1) : Hook(HookPriorities.Normal)
{
    /// <summary>Check every this many iterations.</summary>
    public int Interval { get; } = interval > 0 ? interval : throw new ArgumentException($"interval must be positive, got {interval}.", nameof(interval));

    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        if (!EveryNTrainIters(runner, Interval)) return;
        // The terms first: the total is only invalid because a term is.
        foreach (var (name, value) in outputs.Where(p => p.Key != "loss").Concat(outputs.Where(p => p.Key == "loss")))
        {
            if (double.IsFinite(value) || !name.Contains("loss", StringComparison.Ordinal)) continue;
            throw new InvalidLossException(name, value, runner.Iter + 1, runner.Epoch + 1,
                batch.Samples.Select(s => s.Meta.ImgPath).ToList());
        }
    }
}
