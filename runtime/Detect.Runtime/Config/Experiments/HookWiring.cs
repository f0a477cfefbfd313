namespace Detect.Config;

/// <summary>
/// Turns the config's hooks into the run's hook list: <c>default_hooks</c> by name, then
/// <c>custom_hooks</c> in order, each built from its config.
/// </summary>
public static class HookWiring
{
    /// <summary>The hooks of <paramref name="config"/>, ordered by priority (stable: default hooks first).</summary>
    public static IReadOnlyList<HookEntry> Build(ExperimentConfig config)
    {
        var hooks = new List<HookEntry>();
        if (config.DefaultHooks is { } defaults)
        {
            foreach (var (field, value) in defaults.Entries)
                if (value is HookConfig hook) hooks.Add(new("default_hooks." + field.Key, hook.Priority, hook, hook.Build()));
        }
        for (var i = 0; i < config.CustomHooks.Count; i++)
        {
            var hook = config.CustomHooks[i];
            hooks.Add(new("custom_hooks." + i, hook.Priority, hook, hook is CustomHookConfig custom ? custom.CreateHook() : hook.Build()));
        }
        return [.. hooks.OrderBy(h => (int)h.Priority)];
    }
}
