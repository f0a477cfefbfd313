namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>MultiStepLR</c>: the lr is multiplied by <see cref="Gamma"/> at each milestone
/// (counted from <see cref="LrSchedule.Begin"/>; a milestone listed twice multiplies twice).
/// </summary>
public sealed record MultiStepLR : LrSchedule
{
    /// <summary><c>milestones</c>.</summary>
    public IReadOnlyList<int> Milestones { get; init; } = [];

    /// <summary><c>gamma</c>.</summary>
    public double Gamma { get; init; } = 0.1;

    /// <inheritdoc />
    public override double Value(double current, double baseValue, int lastStep)
    {
        int count = Milestones.Count(m => m == lastStep);
        return count == 0 ? current : current * Math.Pow(Gamma, count);
    }

    /// <inheritdoc />
    public override LrSchedule ToIterBased(int epochLength) =>
        (MultiStepLR)base.ToIterBased(epochLength) with { Milestones = Milestones.Select(m => m * epochLength).ToList() };

    /// <summary>Compares milestones by value.</summary>
    public bool Equals(MultiStepLR? other) =>
        other is not null && base.Equals(other) && Gamma == other.Gamma && Milestones.SequenceEqual(other.Milestones);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Gamma, Milestones.Count);
}
