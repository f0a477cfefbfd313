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

    /// <summary>
    /// A head's config with the detector's settings it takes (MMDetection's <c>bbox_head.update(train_cfg=train_cfg)</c>
    /// before the head is built; see <see cref="SettingsForAttribute"/>): each setting replaces the head's own key of the
    /// same name; an unset one keeps the head's own. A one-item list fills a head key that takes one setting, and one setting
    /// a head key that takes a list (a per-stage <c>train_cfg.rcnn</c>), whose constructor then checks the count.
    /// </summary>
    /// <param name="head">The head's config, or null (the detector's constructor then reports the missing head).</param>
    /// <param name="key">The head slot's key, e.g. <c>rpn_head</c>.</param>
    /// <param name="owner">The detector's type name.</param>
    /// <param name="settings">The head's keys and the detector's settings for them (a component, a list of them, or null).</param>
    /// <exception cref="ConfigurationException">The head has no such key, or takes one setting where the detector has several.</exception>
    public static ComponentConfig? WithSettings(ComponentConfig? head, string key, string owner, params (string Key, object? Value)[] settings)
    {
        if (head is null) return null;
        foreach (var (settingKey, value) in settings)
        {
            if (value is null || value is IReadOnlyList<ComponentConfig> { Count: 0 }) continue;
            var field = head.Fields.FirstOrDefault(f => f.Key == settingKey)
                ?? throw new ConfigurationException($"{owner}.{key}: {head.TypeName} has no {settingKey}, so it cannot take the detector's {settingKey}.");
            head = head.With(settingKey, (field.IsList, value) switch
            {
                (true, ComponentConfig one) => new[] { one },
                (false, IReadOnlyList<ComponentConfig> { Count: 1 } items) => items[0],
                (false, IReadOnlyList<ComponentConfig> items) => throw new ConfigurationException(
                    $"{owner}.{key}: {head.TypeName} takes one {settingKey}, but the detector's has {items.Count} items (one per stage of a multi-stage head)."),
                _ => value,
            });
        }
        return head;
    }

    /// <summary>The value of <paramref name="key"/> in <paramref name="settings"/> (<c>train_cfg.rpn</c>), or null when the settings are unset.</summary>
    /// <exception cref="ConfigurationException">The settings have no such key.</exception>
    public static object? Item(ComponentConfig? settings, string key)
    {
        if (settings is null) return null;
        foreach (var (field, value) in settings.Entries)
            if (field.Key == key) return value;
        throw new ConfigurationException($"'{key}' is not a key of {(settings.TypeName.Length > 0 ? settings.TypeName : settings.GetType().Name)}; its keys are {string.Join(", ", settings.Fields.Select(f => f.Key))}.");
    }

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
