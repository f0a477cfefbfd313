namespace Detect.Data;

/// <summary>
/// One batch being loaded: its tickets, per-sample results, errors and skips, the collated batch once
/// the last sample is in, and a completion signal.
/// </summary>
internal sealed class BatchSlot<T, TBatch> : IDisposable where T : class
{
    readonly List<SkippedSample>[] skipped;
    readonly ManualResetEventSlim done = new(false);
    int remaining;

    public BatchSlot(IReadOnlyList<SampleTicket> tickets)
    {
        Tickets = tickets;
        Results = new T?[tickets.Count];
        Errors = new Exception?[tickets.Count];
        skipped = new List<SkippedSample>[tickets.Count];
        for (int i = 0; i < skipped.Length; i++) skipped[i] = [];
        remaining = tickets.Count;
    }

    public IReadOnlyList<SampleTicket> Tickets { get; }

    public T?[] Results { get; }

    public Exception?[] Errors { get; }

    /// <summary>The collated batch, once <see cref="Wait"/> returns without <see cref="Error"/>.</summary>
    public TBatch? Batch { get; private set; }

    /// <summary>The first failed sample's error in sample order (deterministic), or the collate error.</summary>
    public Exception? Error { get; private set; }

    public List<SkippedSample> SkippedBy(int sample) => skipped[sample];

    /// <summary>Skips of all samples, in sample order.</summary>
    public IEnumerable<SkippedSample> AllSkipped() => skipped.SelectMany(s => s);

    /// <summary>Marks a sample finished; true for the last one, whose caller must <see cref="Finish"/>.</summary>
    public bool Complete() => Interlocked.Decrement(ref remaining) == 0;

    /// <summary>Collates the results (or records the error and frees them) and releases <see cref="Wait"/>.</summary>
    public void Finish(Func<IReadOnlyList<T>, TBatch> collate)
    {
        var results = Results.Where(r => r is not null).Select(r => r!).ToList();
        try
        {
            Error = Errors.FirstOrDefault(e => e is not null);
            if (Error is null) Batch = collate(results);
        }
        catch (Exception e)
        {
            Error = e;
        }
        if (Error is not null) DisposeAll(results);
        Array.Clear(Results);
        done.Set();
    }

    public void Wait() => done.Wait();

    public bool IsDone => done.IsSet;

    /// <summary>Disposes whatever this slot still holds (results of an unfinished batch, or an undelivered batch).</summary>
    public void DisposeContents()
    {
        DisposeAll(Results.Where(r => r is not null).Select(r => r!));
        Array.Clear(Results);
        (Batch as IDisposable)?.Dispose();
        Batch = default;
    }

    static void DisposeAll(IEnumerable<T> results)
    {
        foreach (var r in results) (r as IDisposable)?.Dispose();
    }

    public void Dispose() => done.Dispose();
}
