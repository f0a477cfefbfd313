using System.Runtime.CompilerServices;

namespace Detect.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated code with a checked-in snapshot, <c>Snapshots/&lt;name&gt;.verified.cs</c>. On a
/// difference it writes <c>&lt;name&gt;.received.cs</c> beside it and fails at the first differing line.
/// To accept new output, run the tests with <c>DETECT_ACCEPT_SNAPSHOTS=1</c>: snapshots are rewritten
/// (review them in the diff before committing).
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string caller = "")
    {
        var folder = Path.Combine(FindProjectFolder(caller), "Snapshots");
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

    private static string FindProjectFolder(string caller)
    {
        for (var dir = Path.GetDirectoryName(caller); dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Detect.Generators.Tests.csproj"))) return dir;
        throw new InvalidOperationException($"cannot find the test project above {caller}");
    }
}
