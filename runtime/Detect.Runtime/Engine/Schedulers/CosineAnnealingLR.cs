namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>CosineAnnealingLR</c> in its chainable (recursive) form: from the lr at
/// <see cref="LrSchedule.Begin"/> down to <see cref="EtaMin"/> over <see cref="TMax"/> steps along a
/// half cosine.
/// </summary>
public sealed record CosineAnnealingLR : LrSchedule
{
    /// <summary><c>T_max</c>; null means <c>end − begin</c>.</summary>
    public int? TMax { get; init; }

    /// <summary><c>eta_min</c>: the lowest lr.</summary>
    public double EtaMin { get; init; }

    /// <inheritdoc />
    public override double Value(double current, double baseValue, int lastStep)
    {
        int tMax = TMax ?? End - Begin;
        if (tMax <= 0) throw new InvalidOperationException($"CosineAnnealingLR T_max must be positive, got {tMax}.");
        if (lastStep == 0) return current;
        // Python's % is never negative; C#'s is for a negative left side.
        long period = 2L * tMax, phase = ((lastStep - 1L - tMax) % period + period) % period;
        if (phase == 0) return current + (baseValue - EtaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2;
        return (1 + Math.Cos(Math.PI * lastStep / tMax)) / (1 + Math.Cos(Math.PI * (lastStep - 1) / tMax)) * (current - EtaMin) + EtaMin;
    }

    /// <inheritdoc />
    public override LrSchedule ToIterBased(int epochLength) =>
        (CosineAnnealingLR)base.ToIterBased(epochLength) with { TMax = TMax * epochLength };
}
