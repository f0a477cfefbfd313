namespace Detect.Engine;

/// <summary>
/// The recent values of one logged scalar (MMEngine's <c>HistoryBuffer</c>): the logger reports the
/// mean over the last window (its interval) and the latest value.
/// </summary>
public sealed class LogBuffer
{
    readonly Queue<double> values = new();

    /// <summary>Creates a buffer that keeps the last <paramref name="maxLength"/> values.</summary>
    public LogBuffer(int maxLength = 10_000) => MaxLength = maxLength;

    /// <summary>Values kept at most.</summary>
    public int MaxLength { get; }

    /// <summary>Values added in all.</summary>
    public long Count { get; private set; }

    /// <summary>The last value added.</summary>
    public double Current { get; private set; } = double.NaN;

    /// <summary>Adds a value.</summary>
    public void Update(double value)
    {
        values.Enqueue(value);
        if (values.Count > MaxLength) values.Dequeue();
        Current = value;
        Count++;
    }

    /// <summary>Mean of the last <paramref name="window"/> values (all kept values when null).</summary>
    public double Mean(int? window = null)
    {
        if (values.Count == 0) return double.NaN;
        int take = Math.Min(window ?? values.Count, values.Count);
        return values.Skip(values.Count - take).Average();
    }
}
