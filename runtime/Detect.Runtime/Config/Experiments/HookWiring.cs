namespace Detect.Config;

/// <summary>
/// Turns the config's hooks into the run's hook list: <c>default_hooks</c> by name, then
/// <c>custom_hooks</c> in order, each built from its config (a custom hook's type is constructed).
/// </summary>
public static class HookWiring
{
    /// <summary>The hooks of <paramref name="config"/>, ordered by priority (stable: default hooks first).</summary>
    public static IReadOnlyList<HookEntry> Build(ExperimentConfig config)
    {
        var hooks = new List<HookEntry>();
        if (config.DefaultHooks is { } defaults)
        {
            foreach (var property in ConfigReflection.Slots(defaults.GetType()))
                if (property.GetValue(defaults) is HookConfig hook) hooks.Add(Entry("default_hooks." + ConfigReflection.Key(property), hook));
        }
        for (var i = 0; i < config.CustomHooks.Count; i++) hooks.Add(Entry("custom_hooks." + i, config.CustomHooks[i]));
        return hooks.OrderBy(h => (int)h.Priority).ToList();
    }

    private static HookEntry Entry(string key, HookConfig hook) =>
        new(key, hook.Priority, hook, hook is CustomHookConfig custom ? Activator.CreateInstance(custom.HookType ?? throw new ConfigurationException($"{key}: CustomHook has no HookType."))! : hook.Build());
}
