using Detect.Config;

namespace Detect.Engine;

/// <summary>
/// Turns the config's hook entries (<see cref="IExperiment.BuildHooks"/>: default hooks by name, then
/// custom hooks) into the engine's hooks. A priority left at the config's default (NORMAL) keeps the
/// hook's own (MMEngine: LoggerHook BELOW_NORMAL, ParamSchedulerHook LOW, CheckpointHook VERY_LOW).
/// </summary>
public static class ConfigHooks
{
    /// <summary>The engine hooks of <paramref name="entries"/>, in entry order; entries with nothing to do here are left out and named in <paramref name="ignored"/>.</summary>
    public static IReadOnlyList<Hook> Build(IReadOnlyList<HookEntry> entries, List<string> ignored)
    {
        var hooks = new List<Hook>();
        foreach (var entry in entries)
        {
            Hook? hook = entry.Config switch
            {
                IterTimerHookConfig => new IterTimerHook(),
                LoggerHookConfig l => new LoggerHook(l.Interval, l.ProgressBar),
                ParamSchedulerHookConfig => new ParamSchedulerHook(),
                CheckpointHookConfig c => new CheckpointHook(c.Interval, c.ByEpoch, c.MaxKeepCkpts, c.SaveBest, c.Rule, c.SaveLast, c.SaveOptimizer),
                EmaHookConfig e => new EmaHook(e.EmaType,
                    e.Momentum, e.Gamma, e.Interval, e.UpdateBuffers, e.BeginIter),
                CheckInvalidLossHookConfig i => new CheckInvalidLossHook(i.Interval),
                // The loader seeds each epoch itself (DistSamplerSeedHook's job); MMDetection's visualization hook draws only when asked.
                DistSamplerSeedHookConfig => null,
                DetVisualizationHookConfig { Draw: false } => null,
                DetVisualizationHookConfig v => new DetVisualizationHook(v.Interval, v.ScoreThr, v.TestOutDir),
                CustomHookConfig => (Hook)entry.Hook,
                _ => throw new ConfigurationException($"{entry.Key}: the engine has no hook '{entry.Config.TypeName}'."),
            };
            if (hook is null)
            {
                ignored.Add($"{entry.Key} ({entry.Config.TypeName})");
                continue;
            }
            if (entry.Priority != HookPriority.Normal) hook.Priority = (int)entry.Priority;
            hooks.Add(hook);
        }
        return hooks;
    }
}
