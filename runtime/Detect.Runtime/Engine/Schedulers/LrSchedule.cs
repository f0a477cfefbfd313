namespace Detect.Engine;

/// <summary>
/// A learning-rate schedule as MMEngine's parameter schedulers define it: active on steps
/// [<see cref="Begin"/>, <see cref="End"/>) — epochs when <see cref="ByEpoch"/>, else iterations —
/// and written in MMEngine's chainable form: each step's value is computed from the group's current
/// value, so schedules that overlap multiply (a warmup and a step decay, for instance).
/// </summary>
/// <remarks>The record is the formula; <see cref="ParamScheduler"/> steps it against an optimizer.</remarks>
public abstract record LrSchedule
{
    /// <summary>MMEngine's <c>INF</c>: the default <see cref="End"/>, "never stops".</summary>
    public const int Inf = 1_000_000_000;

    /// <summary><c>begin</c>: first step the schedule applies at.</summary>
    public int Begin { get; init; }

    /// <summary><c>end</c>: the schedule stops before this step; anything at or above <see cref="Inf"/> (a config's <c>int.MaxValue</c>) is <see cref="Inf"/>.</summary>
    public int End
    {
        get => end;
        init => end = value >= Inf ? Inf : value;
    }

    readonly int end = Inf;

    /// <summary><c>by_epoch</c>: steps are epochs (else iterations).</summary>
    public bool ByEpoch { get; init; } = true;

    /// <summary>
    /// <c>convert_to_iter_based</c>: written in epochs but stepped every iteration, with
    /// begin/end (and milestones, T_max) multiplied by the epoch length.
    /// </summary>
    public bool ConvertToIterBased { get; init; }

    /// <summary>
    /// The value for step <paramref name="lastStep"/> (0 at <see cref="Begin"/>) from the group's
    /// <paramref name="current"/> value and its initial <paramref name="baseValue"/>.
    /// </summary>
    public abstract double Value(double current, double baseValue, int lastStep);

    /// <summary>The schedule stepped every iteration, for epochs of <paramref name="epochLength"/> iterations (MMEngine's <c>build_iter_from_epoch</c>).</summary>
    public virtual LrSchedule ToIterBased(int epochLength)
    {
        if (!ByEpoch) throw new InvalidOperationException($"{GetType().Name}: only epoch-based schedules (ByEpoch) can be converted to iteration-based.");
        if (epochLength <= 0) throw new ArgumentException($"epochLength must be positive, got {epochLength}.", nameof(epochLength));
        return this with
        {
            Begin = Begin * epochLength,
            End = End == Inf ? Inf : End * epochLength,
            ByEpoch = false,
            ConvertToIterBased = false,
        };
    }

    /// <summary>This schedule as it will be stepped: converted when <see cref="ConvertToIterBased"/> asks for it.</summary>
    public LrSchedule Resolve(int? epochLength) =>
        ConvertToIterBased && ByEpoch
            ? ToIterBased(epochLength ?? throw new InvalidOperationException(
                $"{GetType().Name} asks for convert_to_iter_based but the training loader has no epoch length (an infinite sampler)."))
            : this;

    /// <summary>Steps from <see cref="Begin"/> to the last active step (MMEngine's <c>total_iters = end − begin − 1</c>).</summary>
    protected int TotalIters => End - Begin - 1;
}
