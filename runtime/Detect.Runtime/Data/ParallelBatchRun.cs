using System.Collections.Concurrent;

namespace Detect.Data;

/// <summary>
/// One pass of a loader over its batches: worker threads take samples from a FIFO queue, batches are
/// handed out in order, and at most <c>maxInFlight</c> batches exist beyond the one last handed out.
/// Disposing stops the workers and disposes undelivered results.
/// </summary>
internal sealed class ParallelBatchRun<T> : IDisposable where T : class
{
    public delegate T? SampleLoader(SampleTicket ticket, List<SkippedSample> skipped);

    readonly IEnumerator<IReadOnlyList<SampleTicket>> batches;
    readonly SampleLoader load;
    readonly int maxInFlight;
    readonly Queue<BatchSlot<T>> inFlight = new();
    readonly BlockingCollection<(BatchSlot<T> Slot, int Sample)> jobs = new(new ConcurrentQueue<(BatchSlot<T>, int)>());
    readonly CancellationTokenSource stop = new();
    readonly Thread[] workers;
    BatchSlot<T>? delivered;
    bool exhausted;

    public ParallelBatchRun(IEnumerable<IReadOnlyList<SampleTicket>> batches, SampleLoader load, int numWorkers, int maxInFlight)
    {
        this.batches = batches.GetEnumerator();
        this.load = load;
        this.maxInFlight = maxInFlight;
        workers = new Thread[numWorkers];
        for (int i = 0; i < numWorkers; i++)
        {
            workers[i] = new Thread(Work) { IsBackground = true, Name = $"Detect.Data worker {i}" };
            workers[i].Start();
        }
    }

    /// <summary>The next batch in order (its results are the caller's now), or null at the end.</summary>
    public BatchSlot<T>? Next()
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
            var slot = new BatchSlot<T>(batches.Current);
            inFlight.Enqueue(slot);
            for (int i = 0; i < slot.Tickets.Count; i++) jobs.Add((slot, i));
        }
    }

    void Work()
    {
        try
        {
            foreach (var (slot, i) in jobs.GetConsumingEnumerable(stop.Token))
            {
                try { slot.Results[i] = load(slot.Tickets[i], slot.SkippedBy(i)); }
                catch (Exception e) { slot.Errors[i] = e; }
                finally { slot.Complete(); }
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
            slot.DisposeResults();
        }
        batches.Dispose();
        jobs.Dispose();
        stop.Dispose();
    }
}
