using Detect.Structures;

namespace Detect.Engine.TestKit;

/// <summary>Records every iteration's logged values, in order.</summary>
public sealed class LossRecorder() : Hook(HookPriorities.Lowest)
{
    /// <summary>(iteration, values) per training iteration, iteration 1-based.</summary>
    public List<(int Iter, IReadOnlyDictionary<string, double> Values)> Iterations { get; } = [];

    /// <summary>The validation metrics of each validation, in order.</summary>
    public List<IReadOnlyDictionary<string, double>> Validations { get; } = [];

    /// <summary>The total loss of each iteration.</summary>
    public IEnumerable<double> Losses => Iterations.Select(i => i.Values["loss"]);

    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs) =>
        Iterations.Add((runner.Iter + 1, outputs));

    /// <inheritdoc />
    public override void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) => Validations.Add(metrics);
}
