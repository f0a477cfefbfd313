using System.Text;

namespace Detect.Runtime.Tests.Platform;

/// <summary>
/// The build-time ELF patch (build/LibTorchSharpLoaderFix.cs) checked on TorchSharp's real
/// libLibTorchSharp.so from the NuGet cache, read-only.
/// </summary>
public class LoaderFixTests
{
    static string PackageLibrary()
    {
        string root = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        return Path.Combine(root, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    static readonly string[] DebianTwelveVersions = ["GLIBCXX_3.4", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30", "CXXABI_1.3.13"];

    [Fact]
    public void HostWithoutGlibcxx3432GetsOnlyThatRequirementWeakened()
    {
        byte[] library = File.ReadAllBytes(PackageLibrary());
        byte[] original = (byte[])library.Clone();
        var provided = AllVersionsTheLibraryNeeds(library).Where(v => v != "GLIBCXX_3.4.32").ToHashSet();

        var weakened = ElfVersionNeeds.WeakenMissingRequirements(library, "libstdc++.so.6", provided);

        Assert.Equal(["GLIBCXX_3.4.32"], weakened);
        // One flag byte in .gnu.version_r and one st_info byte in .dynsym change; nothing else.
        int changed = Enumerable.Range(0, library.Length).Count(i => library[i] != original[i]);
        Assert.Equal(2, changed);
    }

    [Fact]
    public void HostThatHasEveryVersionLeavesTheLibraryUntouched()
    {
        byte[] library = File.ReadAllBytes(PackageLibrary());
        byte[] original = (byte[])library.Clone();
        var provided = AllVersionsTheLibraryNeeds(library).ToHashSet();

        var weakened = ElfVersionNeeds.WeakenMissingRequirements(library, "libstdc++.so.6", provided);

        Assert.Empty(weakened);
        Assert.Equal(original, library);
    }

    [Fact]
    public void DefinedVersionsReadsTheHostLibStdCxx()
    {
        string host = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6" }.First(File.Exists);
        var versions = ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(host)).ToList();
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("GLIBCXX_3.4.30", versions);
        Assert.DoesNotContain(DebianTwelveVersions, v => !versions.Contains(v));
    }

    [Fact]
    public void OutputLibraryIsPatchedExactlyWhenTheHostNeedsIt()
    {
        string host = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6" }.First(File.Exists);
        var hostVersions = ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(host)).ToHashSet();
        byte[] expected = File.ReadAllBytes(PackageLibrary());
        ElfVersionNeeds.WeakenMissingRequirements(expected, "libstdc++.so.6", hostVersions);

        byte[] inOutput = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
        Assert.Equal(expected, inOutput);
    }

    /// <summary>Every version string named in the library's string table that looks like a libstdc++ version.</summary>
    static IEnumerable<string> AllVersionsTheLibraryNeeds(byte[] library) =>
        Encoding.ASCII.GetString(library).Split('\0')
            .Where(s => s.StartsWith("GLIBCXX_", StringComparison.Ordinal) || s.StartsWith("CXXABI_", StringComparison.Ordinal))
            .Distinct();
}
