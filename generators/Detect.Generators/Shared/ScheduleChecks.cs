using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>LR schedules against the training length (DET403-DET405), hooks for duplicates (DET402), endless samplers where an epoch must end (DET406).</summary>
internal static class ScheduleChecks
{
    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        var loop = root.Slot("train_cfg");
        var hasEpochs = loop is not null && loop.Rules.Any(r => r.Name == "TrainLengthRule") && loop.PropertyNames.Contains("MaxEpochs");
        var maxEpochs = hasEpochs ? ValueText.AsLong(loop!.Value("MaxEpochs")) : null;
        foreach (var scheduler in root.Items("param_scheduler"))
        {
            var begin = ValueText.AsLong(scheduler.Value(RuleContracts.Begin)) ?? 0;
            if (scheduler.Rules.Any(r => r.Name == "SchedulerWindowRule") && ValueText.AsLong(scheduler.Value(RuleContracts.End)) is { } end && begin >= end)
                reporter.Report(DiagnosticCatalog.EmptyWindow, new[] { new Blame(scheduler, RuleContracts.End), new Blame(scheduler, RuleContracts.Begin), new Blame(scheduler) },
                    scheduler.TypeName, begin, end, scheduler.Origin(RuleContracts.End));
            if (scheduler.Rules.Any(r => r.Name == "MilestonesRule")) CheckMilestones(scheduler, begin, loop, maxEpochs, reporter);
        }
        CheckHooks(root, reporter);
        CheckSamplers(root, loop, reporter);
    }

    private static void CheckSamplers(IConfigView root, IConfigView? loop, ICheckReporter reporter)
    {
        foreach (var key in new[] { "train_dataloader", "val_dataloader", "test_dataloader" })
        {
            var sampler = root.Slot(key)?.Slot("sampler");
            if (sampler is null || !sampler.Rules.Any(r => r.Name == "EndlessSamplerRule")) continue;
            var why = key != "train_dataloader" ? "validation and testing go through their dataset once"
                : loop is not null && loop.Rules.Any(r => r.Name == "TrainLengthRule") ? loop.TypeName + " counts epochs (" + loop.TypeOrigin + ")"
                : null;
            if (why is not null)
                reporter.Report(DiagnosticCatalog.EndlessSampler, new[] { new Blame(sampler) }, sampler.TypeName, key + ".sampler", why, sampler.TypeOrigin);
        }
    }

    private static void CheckMilestones(IConfigView scheduler, long begin, IConfigView? loop, long? maxEpochs, ICheckReporter reporter)
    {
        var milestones = ValueText.AsLongs(scheduler.Value(RuleContracts.Milestones));
        if (milestones is null) return;
        for (var i = 1; i < milestones.Length; i++)
        {
            if (milestones[i] > milestones[i - 1]) continue;
            reporter.Report(DiagnosticCatalog.MilestonesOrder, new[] { new Blame(scheduler, RuleContracts.Milestones), new Blame(scheduler) },
                scheduler.TypeName, ValueText.FormatLongs(milestones), scheduler.Origin(RuleContracts.Milestones));
            return;
        }
        if (maxEpochs is null || scheduler.Value(RuleContracts.ByEpoch) is not true) return;
        // MMEngine counts milestones from the scheduler's begin; a decay at or after max_epochs never takes effect.
        if (milestones.Length > 0 && begin + milestones[milestones.Length - 1] >= maxEpochs)
            reporter.Report(DiagnosticCatalog.BeyondTraining, new[] { new Blame(scheduler, RuleContracts.Milestones), new Blame(loop!, "MaxEpochs"), new Blame(scheduler) },
                scheduler.TypeName, RuleContracts.Milestones, ValueText.FormatLongs(milestones), scheduler.Origin(RuleContracts.Milestones), maxEpochs.Value, loop!.Origin("MaxEpochs"));
    }

    private static void CheckHooks(IConfigView root, ICheckReporter reporter)
    {
        var hooks = new List<IConfigView>();
        if (root.Slot("default_hooks") is { } defaults)
            hooks.AddRange(defaults.SlotKeys.Select(defaults.Slot).OfType<IConfigView>());
        hooks.AddRange(root.Items("custom_hooks"));
        var seen = new Dictionary<string, IConfigView>();
        foreach (var hook in hooks)
        {
            var rule = hook.Rules.FirstOrDefault(r => r.Name == "HookRule");
            if (rule is null) continue;
            var identity = rule.Arg("TypeFrom") is string from ? ValueText.Format(hook.Value(from)) : hook.TypeName;
            if (seen.TryGetValue(identity, out var first))
                reporter.Report(DiagnosticCatalog.DuplicateHook, new[] { new Blame(hook), new Blame(first) },
                    identity, first.Path, first.TypeOrigin, hook.Path, hook.TypeOrigin);
            else seen[identity] = hook;
        }
    }
}
