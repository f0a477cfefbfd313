namespace Detect.Engine;

/// <summary>
/// Training stopped because a loss term or the gradient norm became NaN or infinite (raised by the
/// runner's training step before the optimizer step, so the weights never took the invalid values).
/// </summary>
public sealed class InvalidLossException(string term, double value, int iteration, int epoch, IReadOnlyList<string> images, string? lastCheckpoint)
    : Exception($"{Capitalized(Describe(term, value))} at iteration {iteration} (epoch {epoch}); the batch held {string.Join(", ", images)}. " +
        $"The weights were not updated with it. Last good checkpoint: {lastCheckpoint ?? "none yet"}. " +
        "Lower the learning rate, add warmup or gradient clipping, check these images' annotations, " +
        "or set optim_wrapper.on_invalid_loss=skip to skip such iterations.")
{
    /// <summary>The loss term (or <c>grad_norm</c>) that was not finite.</summary>
    public string Term { get; } = term;

    /// <summary>Its value.</summary>
    public double Value { get; } = value;

    /// <summary>The iteration (1-based, as logged).</summary>
    public int Iteration { get; } = iteration;

    /// <summary>The epoch (1-based, as logged).</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The images of the batch.</summary>
    public IReadOnlyList<string> Images { get; } = images;

    /// <summary>The newest checkpoint of this run (or the one it resumed from), or null when none was written yet.</summary>
    public string? LastCheckpoint { get; } = lastCheckpoint;

    /// <summary>"loss term 'loss_cls' is NaN", "the gradient norm (grad_norm) is +Inf".</summary>
    public static string Describe(string term, double value) =>
        $"{(term == "grad_norm" ? "the gradient norm (grad_norm)" : $"loss term '{term}'")} is {(double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf")}";

    static string Capitalized(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
