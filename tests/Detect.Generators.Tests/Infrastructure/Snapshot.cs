namespace Detect.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated code with a checked-in snapshot, <c>Snapshots/&lt;name&gt;.verified.cs</c>. On a
/// difference it writes <c>&lt;name&gt;.received.cs</c> beside it and fails at the first differing line.
/// To accept new output, run the tests with <c>DETECT_ACCEPT_SNAPSHOTS=1</c>: snapshots are rewritten
/// (review them in the diff before committing).
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var folder = Path.Combine(ProjectFolder(), "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("DETECT_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no snapshot {verified}; wrote {received}. Run with DETECT_ACCEPT_SNAPSHOTS=1 to accept it."
            : $"generated code differs from {verified} at {FirstDifference(expected, actual)}; wrote {received}. Run with DETECT_ACCEPT_SNAPSHOTS=1 to accept it.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end>";
            var al = i < a.Length ? a[i] : "<end>";
            if (el != al) return $"line {i + 1}:\n  expected: {el}\n  actual:   {al}";
        }
        return "(line endings)";
    }

    /// <summary>
    /// The test project's source folder, found by walking up from the test assembly (bin/&lt;config&gt;/&lt;tfm&gt;).
    /// Not from <c>[CallerFilePath]</c>: CI builds with <c>ContinuousIntegrationBuild</c>, which maps
    /// source paths to <c>/_/</c>, so compile-time paths do not exist on disk.
    /// </summary>
    internal static string ProjectFolder() => FolderAbove("Detect.Generators.Tests.csproj");

    /// <summary>The repository root: the first folder above the test assembly holding <c>Detect.sln</c>.</summary>
    internal static string RepositoryRoot() => FolderAbove("Detect.sln");

    private static string FolderAbove(string marker)
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, marker))) return dir;
        throw new InvalidOperationException($"no folder holding {marker} above {AppContext.BaseDirectory}");
    }
}
