using System.Collections.Concurrent;

namespace Detect.Data;

/// <summary>
/// One pass of a loader over its batches: worker threads take samples from a FIFO queue, the worker
/// that finishes a batch's last sample collates it (as PyTorch runs collate_fn in its workers),
/// batches are handed out in order, and at most <c>maxInFlight</c> batches exist beyond the one last
/// handed out. Disposing stops the workers and disposes whatever was not delivered.
/// </summary>
internal sealed class ParallelBatchRun<T, TBatch> : IDisposable where T : class
{
    public delegate T? SampleLoader(SampleTicket ticket, List<SkippedSample> skipped);

    readonly IEnumerator<IReadOnlyList<SampleTicket>> batches;
    readonly SampleLoader load;
    readonly Func<IReadOnlyList<T>, TBatch> collate;
    readonly int maxInFlight;
    readonly Queue<BatchSlot<T, TBatch>> inFlight = new();
    readonly BlockingCollection<(BatchSlot<T, TBatch> Slot, int Sample)> jobs = new(new ConcurrentQueue<(BatchSlot<T, TBatch>, int)>());
    readonly CancellationTokenSource stop = new();
    readonly Thread[] workers;
    BatchSlot<T, TBatch>? delivered;
    bool exhausted;

    public ParallelBatchRun(IEnumerable<IReadOnlyList<SampleTicket>> batches, SampleLoader load,
        Func<IReadOnlyList<T>, TBatch> collate, int numWorkers, int maxInFlight)
    {
        this.batches = batches.GetEnumerator();
        this.load = load;
        this.collate = collate;
        this.maxInFlight = maxInFlight;
        workers = new Thread[numWorkers];
        for (int i = 0; i < numWorkers; i++)
        {
            workers[i] = new Thread(Work) { IsBackground = true, Name = $"Detect.Data worker {i}" };
            workers[i].Start();
        }
    }

    /// <summary>The next finished batch in order (its batch is the caller's now), or null at the end.</summary>
    public BatchSlot<T, TBatch>? Next()
    {
        delivered?.Dispose();
        delivered = null;
        TopUp();
        if (inFlight.Count == 0) return null;
        var slot = inFlight.Dequeue();
        slot.Wait();
        TopUp(); // keep the workers busy while the caller uses this batch
        delivered = slot;
        return slot;
    }

    void TopUp()
    {
        while (!exhausted && inFlight.Count < maxInFlight)
        {
            if (!batches.MoveNext())
            {
                exhausted = true;
                break;
            }
            var slot = new BatchSlot<T, TBatch>(batches.Current);
            inFlight.Enqueue(slot);
            if (slot.Tickets.Count == 0) slot.Finish(collate);
            for (int i = 0; i < slot.Tickets.Count; i++) jobs.Add((slot, i));
        }
    }

    void Work()
    {
        // Like PyTorch's DataLoader workers: tensor ops in a worker run on that worker alone (OpenMP's
        // thread count is per calling thread), so workers do not oversubscribe the cores.
        TorchSharp.torch.set_num_threads(1);
        try
        {
            foreach (var (slot, i) in jobs.GetConsumingEnumerable(stop.Token))
            {
                try { slot.Results[i] = load(slot.Tickets[i], slot.SkippedBy(i)); }
                catch (Exception e) { slot.Errors[i] = e; }
                if (slot.Complete()) slot.Finish(collate);
            }
        }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        stop.Cancel();
        jobs.CompleteAdding();
        foreach (var worker in workers) worker.Join();
        delivered?.Dispose();
        while (inFlight.Count > 0)
        {
            using var slot = inFlight.Dequeue();
            slot.DisposeContents();
        }
        batches.Dispose();
        jobs.Dispose();
        stop.Dispose();
    }
}
