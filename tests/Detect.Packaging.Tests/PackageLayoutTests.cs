using System.IO.Compression;

namespace Detect.Packaging.Tests;

/// <summary>What the packages carry: the generator where the compiler finds it, the build pieces, the readme.</summary>
[Collection(PackagedWorkspaceCollection.Name)]
public sealed class PackageLayoutTests(PackagedWorkspace workspace)
{
    [Fact]
    public void Runtime_package_carries_the_generator_and_the_build_fixes()
    {
        var entries = Entries("Detect.Runtime");
        Assert.Contains("analyzers/dotnet/cs/Detect.Generators.dll", entries);
        Assert.Contains("lib/net10.0/Detect.Runtime.dll", entries);
        // buildTransitive/Detect.Runtime.targets is imported by NuGet; it imports the others from its own folder.
        foreach (var file in new[] { "Detect.Runtime.targets", "LibTorchSharpLoaderFix.targets", "LibTorchSharpLoaderFix.cs", "TrainingProcess.targets" })
            Assert.Contains("buildTransitive/" + file, entries);
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void Only_the_runtime_package_carries_the_generator()
    {
        // Two packages with the generator would make a user's project generate every type twice.
        foreach (var id in new[] { "Detect", "Detect.Models", "Detect.Templates" })
            Assert.DoesNotContain(Entries(id), e => e.StartsWith("analyzers/", StringComparison.Ordinal));
    }

    [Fact]
    public void Detect_package_passes_every_asset_of_its_dependencies_on()
    {
        string nuspec = Nuspec("Detect");
        Assert.Contains($"<dependency id=\"Detect.Runtime\" version=\"{workspace.Version}\" include=\"All\" />", nuspec);
        Assert.Contains($"<dependency id=\"Detect.Models\" version=\"{workspace.Version}\" include=\"All\" />", nuspec);
        Assert.Contains("<license type=\"expression\">Apache-2.0</license>", nuspec);
        Assert.Contains("https://github.com/detect-dotnet/detect", nuspec);
    }

    [Fact]
    public void Package_readme_indexes_the_docs_pages_by_absolute_url()
    {
        using var package = Open("Detect");
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
        string readme = reader.ReadToEnd();
        foreach (var page in new[] { "docs/diagnostics/README.md", "docs/packaging.md", "docs/platform.md" })
        {
            Assert.Contains($"https://github.com/detect-dotnet/detect/blob/main/{page}", readme);
            Assert.True(File.Exists(Path.Combine(BuildInfo.RepositoryRoot, page)), $"the package readme links {page}, which does not exist");
        }
    }

    List<string> Entries(string id)
    {
        using var package = Open(id);
        return package.Entries.Select(e => e.FullName).ToList();
    }

    string Nuspec(string id)
    {
        using var package = Open(id);
        using var reader = new StreamReader(package.GetEntry(id + ".nuspec")!.Open());
        return reader.ReadToEnd();
    }

    ZipArchive Open(string id) => ZipFile.OpenRead(Path.Combine(workspace.Feed, $"{id}.{workspace.Version}.nupkg"));
}
