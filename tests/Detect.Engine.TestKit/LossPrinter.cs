using System.Globalization;
using Detect.Structures;

namespace Detect.Engine.TestKit;

/// <summary>
/// Prints <c>iter &lt;n&gt; &lt;loss&gt;</c> (round-trip precision) after every iteration and flushes, for a
/// parent process to follow; with <paramref name="holdAt"/> it then stays in that iteration until killed.
/// </summary>
public sealed class LossPrinter(int? holdAt = null) : Hook(HookPriorities.Lowest)
{
    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        Console.WriteLine($"iter {runner.Iter + 1} {outputs["loss"].ToString("R", CultureInfo.InvariantCulture)}");
        Console.Out.Flush();
        if (runner.Iter + 1 == holdAt) Thread.Sleep(Timeout.Infinite);
    }
}

/// <summary>Adds <c>megabytes</c> of zeros to every checkpoint so that writing one takes long enough to be killed in the middle.</summary>
public sealed class CheckpointBallast(int megabytes) : Hook(HookPriorities.Lowest), IDisposable
{
    readonly TorchSharp.torch.Tensor blob = TorchSharp.torch.zeros(megabytes << 18);

    /// <inheritdoc />
    public override void BeforeSaveCheckpoint(Runner runner, Dictionary<string, object?> checkpoint) => checkpoint["ballast"] = blob;

    /// <inheritdoc />
    public void Dispose() => blob.Dispose();
}
