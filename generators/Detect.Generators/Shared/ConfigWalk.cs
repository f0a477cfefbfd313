using System.Collections.Generic;

namespace Detect.Config.Checks;

/// <summary>Navigation over config views: descendants, key paths, display names.</summary>
internal static class ConfigWalk
{
    /// <summary>Every node below <paramref name="node"/>, depth first, in slot order.</summary>
    public static IEnumerable<IConfigView> Descendants(IConfigView node)
    {
        foreach (var key in node.SlotKeys)
        {
            var single = node.Slot(key);
            var children = single is not null ? new[] { single } : node.Items(key);
            foreach (var child in children)
            {
                yield return child;
                foreach (var d in Descendants(child)) yield return d;
            }
        }
    }

    /// <summary>The node itself and every node below it.</summary>
    public static IEnumerable<IConfigView> SelfAndDescendants(IConfigView node)
    {
        yield return node;
        foreach (var d in Descendants(node)) yield return d;
    }

    /// <summary>
    /// Resolves a key path relative to a node whose last part is a property key
    /// (<c>anchor_generator.strides</c> → the anchor generator node and its <c>Strides</c> property).
    /// </summary>
    public static (IConfigView? Owner, string? Property) ResolveProperty(IConfigView node, string path)
    {
        var parts = path.Split('.');
        var owner = node;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            owner = owner.Slot(parts[i]);
            if (owner is null) return (null, null);
        }
        return (owner, PropertyByKey(owner, parts[parts.Length - 1]));
    }

    /// <summary>The C# property whose MMDetection key is <paramref name="key"/>.</summary>
    public static string? PropertyByKey(IConfigView node, string key)
    {
        foreach (var name in node.PropertyNames)
            if (ConfigNaming.ToSnakeCase(name) == key) return name;
        return null;
    }
}
