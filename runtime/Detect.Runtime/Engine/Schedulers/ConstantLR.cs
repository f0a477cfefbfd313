namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>ConstantLR</c> (constant warmup): lr × <see cref="Factor"/> from
/// <see cref="LrSchedule.Begin"/>; the factor is removed again at the last active step, <c>end − 1</c>
/// (MMEngine's timing, kept as it is).
/// </summary>
public sealed record ConstantLR : LrSchedule
{
    /// <summary><c>factor</c>, in [0, 1].</summary>
    public double Factor { get; init; } = 1.0 / 3;

    /// <inheritdoc />
    public override double Value(double current, double baseValue, int lastStep)
    {
        if (Factor is <= 0 or > 1) throw new InvalidOperationException($"ConstantLR factor must be in (0, 1], got {Factor}.");
        if (lastStep == 0) return current * Factor;
        return lastStep == TotalIters ? current * (1.0 / Factor) : current;
    }
}
