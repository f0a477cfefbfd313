namespace Detect.Data;

/// <summary>One batch being loaded: its tickets, per-sample results, errors and skips, and a completion signal.</summary>
internal sealed class BatchSlot<T> : IDisposable where T : class
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
        if (remaining == 0) done.Set();
    }

    public IReadOnlyList<SampleTicket> Tickets { get; }

    public T?[] Results { get; }

    public Exception?[] Errors { get; }

    public List<SkippedSample> SkippedBy(int sample) => skipped[sample];

    /// <summary>Skips of all samples, in sample order.</summary>
    public IEnumerable<SkippedSample> AllSkipped() => skipped.SelectMany(s => s);

    /// <summary>The error of the first failed sample, in sample order (deterministic).</summary>
    public Exception? FirstError() => Errors.FirstOrDefault(e => e is not null);

    /// <summary>Marks a sample finished; the last one releases <see cref="Wait"/>.</summary>
    public void Complete()
    {
        if (Interlocked.Decrement(ref remaining) == 0) done.Set();
    }

    public void Wait() => done.Wait();

    /// <summary>Disposes results that were never delivered.</summary>
    public void DisposeResults()
    {
        for (int i = 0; i < Results.Length; i++)
        {
            (Results[i] as IDisposable)?.Dispose();
            Results[i] = null;
        }
    }

    public void Dispose() => done.Dispose();
}
