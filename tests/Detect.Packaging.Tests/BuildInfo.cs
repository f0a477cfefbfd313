using System.Reflection;

namespace Detect.Packaging.Tests;

/// <summary>Where the repository is and which configuration its projects were built in (written by the test project's build).</summary>
public static class BuildInfo
{
    /// <summary>The repository root, with a trailing separator.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>Debug or Release: the outputs the tests pack.</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    static string Metadata(string key) =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
