using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>ExponentialMovingAverage</c>: <c>avg ← avg + momentum·(src − avg)</c> (<c>lerp_</c>).
/// </summary>
public sealed class ExponentialMovingAverage(nn.Module model, double momentum = 0.0002, int interval = 1, bool updateBuffers = false)
    : AveragedModel(model, interval, updateBuffers)
{
    /// <summary>The momentum.</summary>
    public double Momentum { get; } = momentum is > 0 and < 1 ? momentum : throw new ArgumentException($"momentum must be in (0, 1), got {momentum}.", nameof(momentum));

    /// <inheritdoc />
    protected override void Average(Tensor average, Tensor source, long steps) => average.lerp_(source, Momentum);
}

/// <summary>
/// MMDetection's <c>ExpMomentumEMA</c> (YOLOX): the momentum starts near 1 and decays to
/// <see cref="Momentum"/>, <c>m = (1 − momentum)·exp(−(1 + steps)/gamma) + momentum</c>;
/// <c>avg ← (1 − m)·avg + m·src</c>.
/// </summary>
public sealed class ExpMomentumEma(nn.Module model, double momentum = 0.0002, int gamma = 2000, int interval = 1, bool updateBuffers = false)
    : AveragedModel(model, interval, updateBuffers)
{
    /// <summary>The final momentum.</summary>
    public double Momentum { get; } = momentum is > 0 and < 1 ? momentum : throw new ArgumentException($"momentum must be in (0, 1), got {momentum}.", nameof(momentum));

    /// <summary>How fast the momentum decays (updates).</summary>
    public int Gamma { get; } = gamma > 0 ? gamma : throw new ArgumentException($"gamma must be positive, got {gamma}.", nameof(gamma));

    /// <inheritdoc />
    protected override void Average(Tensor average, Tensor source, long steps)
    {
        double m = (1 - Momentum) * Math.Exp(-(1.0 + steps) / Gamma) + Momentum;
        using var keep = (1 - m).ToScalar();
        using var take = m.ToScalar();
        average.mul_(keep).add_(source, alpha: take);
    }
}
