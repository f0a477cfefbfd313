using System.Reflection;

namespace Detect.Config;

/// <summary>
/// Finds experiments by name in the zoo (Detect.Models) and in user assemblies, for
/// <c>detect train &lt;ExperimentName&gt;</c> and friends.
/// </summary>
public static class ExperimentCatalog
{
    /// <summary>Every non-abstract experiment type in <paramref name="assemblies"/>, by name.</summary>
    public static IReadOnlyList<Type> List(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(Types)
            .Where(t => typeof(IExperiment).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Distinct()
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The experiment named <paramref name="name"/> (record name or full name, case-insensitive).
    /// Throws <see cref="ConfigurationException"/> listing close names when there is none.
    /// </summary>
    public static IExperiment Find(string name, IEnumerable<Assembly> assemblies)
    {
        var all = List(assemblies);
        var matches = all.Where(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(t.FullName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1) return (IExperiment)Activator.CreateInstance(matches[0])!;
        if (matches.Count > 1)
            throw new ConfigurationException($"'{name}' names {matches.Count} experiments: {string.Join(", ", matches.Select(m => m.FullName))}; use the full name.");
        var near = all.Where(t => t.Name.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(t.Name, StringComparison.OrdinalIgnoreCase)).Select(t => t.Name).ToList();
        throw new ConfigurationException($"no experiment named '{name}'" + (near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : $". Known: {string.Join(", ", all.Select(t => t.Name))}."));
    }

    /// <summary>Loads user assemblies given by path (e.g. <c>--assembly bin/MyExperiments.dll</c>).</summary>
    public static IEnumerable<Assembly> Load(IEnumerable<string> paths) =>
        paths.Select(p => File.Exists(p) ? Assembly.LoadFrom(Path.GetFullPath(p)) : throw new ConfigurationException($"assembly '{p}' does not exist."));

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
