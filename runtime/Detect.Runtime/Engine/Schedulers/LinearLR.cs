namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>LinearLR</c> (the usual warmup): the lr goes linearly from
/// <see cref="StartFactor"/> × lr at <see cref="LrSchedule.Begin"/> to <see cref="EndFactor"/> × lr
/// at the last active step, <c>end − 1</c>.
/// </summary>
public sealed record LinearLR : LrSchedule
{
    /// <summary><c>start_factor</c>, in (0, 1].</summary>
    public double StartFactor { get; init; } = 1.0 / 3;

    /// <summary><c>end_factor</c>, in [0, 1].</summary>
    public double EndFactor { get; init; } = 1.0;

    /// <inheritdoc />
    public override double Value(double current, double baseValue, int lastStep)
    {
        if (StartFactor is <= 0 or > 1) throw new InvalidOperationException($"LinearLR start_factor must be in (0, 1], got {StartFactor}.");
        if (EndFactor is < 0 or > 1) throw new InvalidOperationException($"LinearLR end_factor must be in [0, 1], got {EndFactor}.");
        if (lastStep == 0) return current * StartFactor;
        return current * (1.0 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (lastStep - 1) * (EndFactor - StartFactor)));
    }
}
