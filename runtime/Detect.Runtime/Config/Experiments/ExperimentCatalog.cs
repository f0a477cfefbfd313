using System.Reflection;

namespace Detect.Config;

/// <summary>
/// Finds experiments by name in the zoo (Detect.Models) and in user assemblies, for
/// <c>detect train &lt;ExperimentName&gt;</c> and friends, through each assembly's generated
/// <see cref="ConfigRegistry"/>.
/// </summary>
public static class ExperimentCatalog
{
    /// <summary>Every experiment of <paramref name="assemblies"/>, by name.</summary>
    public static IReadOnlyList<ExperimentEntry> List(IEnumerable<Assembly> assemblies) =>
        assemblies.Distinct().Select(ConfigRegistry.Of).OfType<ConfigRegistry>()
            .SelectMany(r => r.Experiments)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The experiment named <paramref name="name"/> (record name or full name, case-insensitive).
    /// Throws <see cref="ConfigurationException"/> listing close names when there is none.
    /// </summary>
    public static IExperiment Find(string name, IEnumerable<Assembly> assemblies)
    {
        var all = List(assemblies);
        var matches = all.Where(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(e.Type.FullName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1) return matches[0].Create();
        if (matches.Count > 1)
            throw new ConfigurationException($"'{name}' names {matches.Count} experiments: {string.Join(", ", matches.Select(m => m.Type.FullName))}; use the full name.");
        var near = all.Where(e => e.Name.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(e.Name, StringComparison.OrdinalIgnoreCase)).Select(e => e.Name).ToList();
        throw new ConfigurationException($"no experiment named '{name}'" + (near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : $". Known: {string.Join(", ", all.Select(e => e.Name))}."));
    }

    /// <summary>Loads user assemblies given by path (e.g. <c>--assembly bin/MyExperiments.dll</c>).</summary>
    public static IEnumerable<Assembly> Load(IEnumerable<string> paths) =>
        paths.Select(p => File.Exists(p) ? Assembly.LoadFrom(Path.GetFullPath(p)) : throw new ConfigurationException($"assembly '{p}' does not exist."));
}
