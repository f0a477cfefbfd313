namespace Detect.Engine;

/// <summary>Training stopped because a loss became NaN or infinite (raised by <see cref="CheckInvalidLossHook"/>).</summary>
public sealed class InvalidLossException(string term, double value, int iteration, int epoch, IReadOnlyList<string> images)
    : Exception($"Loss term '{term}' is {Describe(value)} at iteration {iteration} (epoch {epoch}); the batch held {string.Join(", ", images)}. " +
        "Lower the learning rate, add warmup or gradient clipping, or check these images' annotations.")
{
    /// <summary>The loss term that was not finite.</summary>
    public string Term { get; } = term;

    /// <summary>Its value.</summary>
    public double Value { get; } = value;

    /// <summary>The iteration (1-based, as logged).</summary>
    public int Iteration { get; } = iteration;

    /// <summary>The epoch (1-based, as logged).</summary>
    public int Epoch { get; } = epoch;

    static string Describe(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
}
