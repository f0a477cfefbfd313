using System.Globalization;
using Detect.Engine;
using Detect.Structures;

namespace Detect.Distributed.Worker;

/// <summary>
/// Prints <c>rank R iter N LOSS</c> (round-trip precision) after every training iteration and flushes; with
/// <paramref name="dieAt"/> = (rank, iteration), that rank then kills itself with SIGKILL, as a crashed node would.
/// </summary>
sealed class CurveHook((int Rank, int Iter)? dieAt) : Hook(HookPriorities.Lowest)
{
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        int rank = DistributedContext.Current.Rank, iter = runner.Iter + 1;
        Console.WriteLine($"rank {rank} iter {iter} {outputs["loss"].ToString("R", CultureInfo.InvariantCulture)}");
        Console.Out.Flush();
        if (dieAt is { } d && d.Rank == rank && d.Iter == iter) System.Diagnostics.Process.GetCurrentProcess().Kill();
    }
}
