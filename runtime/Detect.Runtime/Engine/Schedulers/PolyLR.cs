namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>PolyLR</c>: polynomial decay to <see cref="EtaMin"/> at the last active step, in
/// the chainable form <c>(lr − η)·(1 − 1/(T − t + 1))^power + η</c> with <c>T = end − begin − 1</c>.
/// </summary>
public sealed record PolyLR : LrSchedule
{
    /// <summary><c>power</c>.</summary>
    public double Power { get; init; } = 1.0;

    /// <summary><c>eta_min</c>.</summary>
    public double EtaMin { get; init; }

    /// <inheritdoc />
    public override double Value(double current, double baseValue, int lastStep)
    {
        if (lastStep == 0) return current;
        return (current - EtaMin) * Math.Pow(1 - 1.0 / (TotalIters - lastStep + 1), Power) + EtaMin;
    }
}
