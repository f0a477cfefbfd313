using TorchSharp;
using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>
/// MMDetection's <c>weight_reduce_loss</c>: element-wise weights, then 'none' | 'mean' | 'sum',
/// where 'mean' with an <c>avgFactor</c> means sum / (avgFactor + ε) with ε = float32 machine epsilon
/// (so an image whose every label is ignored gives 0, not a division by zero).
/// </summary>
public static class LossReduction
{
    /// <summary>float32 machine epsilon, torch.finfo(torch.float32).eps.</summary>
    public const double AvgFactorEps = 1.1920928955078125e-07;

    /// <summary>Applies <paramref name="weight"/> (broadcast against <paramref name="loss"/>) and reduces.</summary>
    /// <exception cref="ArgumentException"><paramref name="avgFactor"/> with <see cref="Reduction.Sum"/>, as in MMDetection.</exception>
    public static Tensor WeightReduce(Tensor loss, Tensor? weight, Reduction reduction, double? avgFactor)
    {
        if (weight is not null) loss = loss * weight;
        if (avgFactor is not { } factor) return Reduce(loss, reduction);
        using var divisor = (factor + AvgFactorEps).ToScalar();
        return reduction switch
        {
            Reduction.Mean => loss.sum().div(divisor),
            Reduction.None => loss,
            _ => throw new ArgumentException("avgFactor cannot be used with reduction Sum.", nameof(avgFactor)),
        };
    }

    /// <summary>MMDetection's <c>reduce_loss</c>.</summary>
    public static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.Mean => loss.mean(),
        Reduction.Sum => loss.sum(),
        _ => loss,
    };
}
