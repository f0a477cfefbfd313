using System.Collections.Concurrent;
using System.Reflection;
using Detect.Config.Checks;

namespace Detect.Config;

/// <summary>
/// Enum members as configs spell them: <see cref="ConfigNameAttribute"/> where a member has one, else the
/// member's name in snake_case (<c>AbsoluteRange</c> → <c>absolute_range</c>). Parsing accepts either spelling
/// and the C# name, ignoring case and underscores.
/// </summary>
public static class ConfigEnums
{
    // Enum metadata read once per enum type: the spellings are what the types declare, not something to compute each time.
    static readonly ConcurrentDictionary<Type, IReadOnlyList<(string Member, string ConfigName)>> Names = new();

    /// <summary>The config spelling of <paramref name="value"/>.</summary>
    public static string Name(Enum value)
    {
        var member = value.ToString();
        foreach (var (m, name) in Of(value.GetType()))
            if (m == member) return name;
        return ConfigNaming.ToSnakeCase(member);
    }

    /// <summary>The member of <paramref name="type"/> spelled <paramref name="text"/>; a <see cref="ConfigurationException"/> listing the spellings otherwise.</summary>
    /// <param name="type">The enum type.</param>
    /// <param name="text">A spelling.</param>
    /// <param name="key">The config key the value is for (the error names it), or null.</param>
    public static object Parse(Type type, string text, string? key = null)
    {
        var wanted = Normalize(text);
        foreach (var (member, name) in Of(type))
            if (Normalize(member) == wanted || Normalize(name) == wanted) return Enum.Parse(type, member);
        throw new ConfigurationException((key is null ? "" : key + ": ") +
            $"'{text}' is not one of {type.Name}'s values: {string.Join(", ", Of(type).Select(n => "'" + n.ConfigName + "'"))}.");
    }

    /// <summary>The config spellings of <paramref name="type"/>'s members, in declaration order.</summary>
    public static IReadOnlyList<string> Spellings(Type type) => [.. Of(type).Select(n => n.ConfigName)];

    static IReadOnlyList<(string Member, string ConfigName)> Of(Type type) => Names.GetOrAdd(type, t =>
        [.. t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.Name, f.GetCustomAttribute<ConfigNameAttribute>()?.Name ?? ConfigNaming.ToSnakeCase(f.Name)))]);

    static string Normalize(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();
}
