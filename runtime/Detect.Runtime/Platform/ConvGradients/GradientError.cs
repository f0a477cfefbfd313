using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// How far a computed gradient is from its reference: NaN elements, and the largest absolute difference of the
/// other elements relative to the reference's largest magnitude (so a tensor's small entries are judged at the
/// scale of its large ones, as an optimizer step sees them).
/// </summary>
/// <param name="Elements">Elements compared.</param>
/// <param name="NaN">NaN elements in the computed gradient.</param>
/// <param name="MaxRelativeError">max |actual − reference| / max |reference| over the non-NaN elements (the absolute
/// difference where the reference is all zero); infinite where the computed gradient is.</param>
public readonly record struct GradientError(long Elements, long NaN, double MaxRelativeError)
{
    /// <summary>Compares <paramref name="actual"/> with <paramref name="reference"/> (same shape, any floating type) in float64.</summary>
    public static GradientError Of(Tensor actual, Tensor reference)
    {
        if (!actual.shape.SequenceEqual(reference.shape))
            throw new ArgumentException($"gradient of shape [{string.Join(", ", actual.shape)}] compared with a reference of shape [{string.Join(", ", reference.shape)}]");
        if (actual.numel() == 0) return new(0, 0, 0);
        using var scope = NewDisposeScope();
        var a = actual.detach().to(float64);
        var r = reference.detach().to(float64);
        long nan = a.isnan().sum().item<long>();
        double difference = (a - r).abs().nan_to_num(nan: 0, posinf: double.PositiveInfinity).max().item<double>();
        double scale = r.abs().max().item<double>();
        return new(actual.numel(), nan, scale > 0 ? difference / scale : difference);
    }

    /// <summary>Whether no element is NaN and the relative error is at most <paramref name="tolerance"/>.</summary>
    public bool IsWithin(double tolerance) => NaN == 0 && MaxRelativeError <= tolerance;

    /// <summary>The worse of two measurements of the same gradient (most NaN, largest error).</summary>
    public GradientError Worst(GradientError other) =>
        new(Math.Max(Elements, other.Elements), Math.Max(NaN, other.NaN), Math.Max(MaxRelativeError, other.MaxRelativeError));

    /// <inheritdoc/>
    public override string ToString() =>
        NaN > 0 ? $"{NaN}/{Elements} NaN, max rel. error {MaxRelativeError:E1}" : $"max rel. error {MaxRelativeError:E1}";
}
