using Detect.Checkpoints.Pickle;

namespace Detect.Engine;

/// <summary>
/// Steps an <see cref="LrSchedule"/> against an optimizer's groups, as MMEngine's
/// <c>_ParamScheduler</c>: created, it takes step 0 at once; every <see cref="Step"/> advances the
/// global step and, inside [begin, end), writes the schedule's next value into each group.
/// </summary>
public sealed class ParamScheduler
{
    readonly Optimizer optimizer;

    /// <summary>Attaches <paramref name="schedule"/> (already resolved, see <see cref="LrSchedule.Resolve"/>) to <paramref name="optimizer"/> and takes step 0.</summary>
    public ParamScheduler(LrSchedule schedule, Optimizer optimizer)
    {
        if (schedule.End <= schedule.Begin)
            throw new ArgumentException($"{schedule.GetType().Name}: end must be larger than begin, got begin={schedule.Begin}, end={schedule.End}.", nameof(schedule));
        Schedule = schedule;
        this.optimizer = optimizer;
        BaseValues = optimizer.ParamGroups.Select(g => g.InitialLr).ToArray();
        Step();
    }

    /// <summary>The schedule.</summary>
    public LrSchedule Schedule { get; }

    /// <summary>Whether it is stepped after each epoch (else after each iteration).</summary>
    public bool ByEpoch => Schedule.ByEpoch;

    /// <summary>Steps taken inside [begin, end), minus one (MMEngine's <c>last_step</c>).</summary>
    public int LastStep { get; private set; } = -1;

    /// <summary>Steps taken, minus one (MMEngine's <c>_global_step</c>).</summary>
    public int GlobalStep { get; private set; } = -1;

    /// <summary>The groups' initial lrs.</summary>
    public double[] BaseValues { get; private set; }

    /// <summary>The groups' lrs after the last step.</summary>
    public IReadOnlyList<double> LastValues { get; private set; } = [];

    /// <summary>Advances one step.</summary>
    public void Step()
    {
        GlobalStep++;
        if (Schedule.Begin <= GlobalStep && GlobalStep < Schedule.End)
        {
            LastStep++;
            for (int i = 0; i < optimizer.ParamGroups.Count; i++)
            {
                var group = optimizer.ParamGroups[i];
                group.Lr = Schedule.Value(group.Lr, BaseValues[i], LastStep);
            }
        }
        LastValues = optimizer.ParamGroups.Select(g => g.Lr).ToList();
    }

    /// <summary>The state a resumed run needs (MMEngine's scheduler <c>state_dict</c> entries that change).</summary>
    public Dictionary<string, object> StateDict() => new()
    {
        ["type"] = Schedule.GetType().Name,
        ["begin"] = (long)Schedule.Begin,
        ["end"] = (long)Schedule.End,
        ["by_epoch"] = Schedule.ByEpoch,
        ["last_step"] = (long)LastStep,
        ["_global_step"] = (long)GlobalStep,
        ["base_values"] = BaseValues.Cast<object>().ToList(),
        ["_last_value"] = LastValues.Cast<object>().ToList(),
    };

    /// <summary>Restores <see cref="StateDict"/>'s output; the schedule must be the one that was saved.</summary>
    /// <exception cref="InvalidDataException">The saved state belongs to another schedule.</exception>
    public void LoadStateDict(PickleDict saved)
    {
        string type = saved.GetValueOrNull("type") as string ?? "?";
        if (type != Schedule.GetType().Name || Long(saved, "begin") != Schedule.Begin || Long(saved, "end") != Schedule.End)
            throw new InvalidDataException(
                $"The checkpoint's scheduler is {type} on [{saved.GetValueOrNull("begin")}, {saved.GetValueOrNull("end")}), " +
                $"this run's is {Schedule.GetType().Name} on [{Schedule.Begin}, {Schedule.End}): the schedules changed since the checkpoint.");
        LastStep = (int)Long(saved, "last_step");
        GlobalStep = (int)Long(saved, "_global_step");
        BaseValues = Doubles(saved, "base_values");
        LastValues = Doubles(saved, "_last_value");
    }

    static long Long(PickleDict d, string key) =>
        d.GetValueOrNull(key) is long v ? v : throw new InvalidDataException($"scheduler state has no integer '{key}'.");

    static double[] Doubles(PickleDict d, string key) =>
        d.GetValueOrNull(key) is List<object?> list ? list.Select(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
        : throw new InvalidDataException($"scheduler state has no list '{key}'.");
}
