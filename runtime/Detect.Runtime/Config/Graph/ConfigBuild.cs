namespace Detect.Config;

/// <summary>
/// Helpers the generated <c>Build()</c> methods call to build sub-components (<c>anchor_generator</c>,
/// <c>loss_cls</c>, <c>norm_cfg</c> ...) and hand them to a constructor, with errors that name the key.
/// </summary>
public static class ConfigBuild
{
    /// <summary>Builds an optional sub-component; null when the config has none (the constructor's default applies).</summary>
    public static T? Optional<T>(ComponentConfig? config, string key, string owner) =>
        config is null ? default : As<T>(config, key, owner);

    /// <summary>Builds a sub-component the constructor needs.</summary>
    public static T Required<T>(ComponentConfig? config, string key, string owner) =>
        config is null
            ? throw new ConfigurationException($"{owner}.{key}: the constructor of {owner} needs a {typeof(T).Name}, but the config sets no {key}.")
            : As<T>(config, key, owner);

    /// <summary>Builds every component of a list slot (e.g. a pipeline's transforms).</summary>
    public static T[] List<T>(IEnumerable<ComponentConfig> configs, string key, string owner) =>
        configs.Select((c, i) => As<T>(c, key + "." + i, owner)).ToArray();

    /// <summary>A value the constructor needs; a clear error when the config leaves it unset.</summary>
    public static T Require<T>(T? value, string key, string owner) where T : class =>
        value ?? throw new ConfigurationException($"{owner}.{key}: the constructor of {owner} needs {key}, but the config does not set it.");

    private static T As<T>(ComponentConfig config, string key, string owner)
    {
        // A constructor may take the settings record itself (e.g. test_cfg) rather than what it builds.
        if (config is T settings) return settings;
        var built = config.Build();
        return built is T typed
            ? typed
            : throw new ConfigurationException($"{owner}.{key}: {config.TypeName} builds a {built.GetType().Name}, but the constructor of {owner} takes a {typeof(T).Name}.");
    }
}
