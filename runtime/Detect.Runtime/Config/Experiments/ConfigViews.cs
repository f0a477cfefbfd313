namespace Detect.Config;

/// <summary>What the generated typed views (<c>experiment.Cfg</c>) use to read components at their concrete type.</summary>
public static class ConfigViews
{
    /// <summary>The component at <paramref name="key"/> as the experiment declared it.</summary>
    /// <exception cref="ConfigurationException">It is unset or of another type than when the experiment was compiled.</exception>
    public static T As<T>(ComponentConfig? component, string key) where T : ComponentConfig =>
        component as T ?? throw new ConfigurationException(
            $"{key} is {(component is null ? "unset" : component.TypeName)} in this config, not the {typeof(T).Name} the experiment was compiled with; read it from Config instead of Cfg.");

    /// <summary>The components of the list at <paramref name="key"/>, all of the declared type.</summary>
    public static IReadOnlyList<T> All<T>(IReadOnlyList<ComponentConfig> items, string key) where T : ComponentConfig =>
        [.. items.Select((item, i) => As<T>(item, key + "." + i))];
}
