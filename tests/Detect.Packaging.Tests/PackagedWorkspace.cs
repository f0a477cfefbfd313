namespace Detect.Packaging.Tests;

/// <summary>
/// A user's machine in a temporary folder outside the repository: a folder feed holding this build's packages, a
/// private template hive with Detect.Templates installed from that feed, and a nuget.config that adds the feed to
/// the sources the machine already uses and keeps every package it extracts in the workspace (packages the user's
/// cache already holds are read from there as a fallback folder). The packages get a version of their own, so no
/// copy restored earlier can stand in for them.
/// </summary>
public sealed class PackagedWorkspace : IDisposable
{
    /// <summary>The projects packed into the feed, relative to the repository root.</summary>
    public static readonly string[] PackedProjects =
    [
        "runtime/Detect.Runtime/Detect.Runtime.csproj",
        "runtime/Detect.Distributed/Detect.Distributed.csproj",
        "models/Detect.Models/Detect.Models.csproj",
        "packaging/Detect/Detect.csproj",
        "packaging/Detect.Templates/Detect.Templates.csproj",
    ];

    /// <summary>Packs the packages, writes nuget.config and installs the template.</summary>
    public PackagedWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("detect-user-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Hive = Path.Combine(Root, "hive");
        Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        try
        {
            foreach (var project in PackedProjects)
                Log.Add(Expect(DotnetCli.Run(BuildInfo.RepositoryRoot, "pack", project, "-c", BuildInfo.Configuration, "--no-build",
                    "-o", Feed, $"-p:Version={Version}", "-p:IncludeSymbols=false",
                    $"-p:NuspecOutputPath={Path.Combine(Root, "nuspec", Path.GetFileNameWithoutExtension(project))}/")));
            File.WriteAllText(Path.Combine(Root, "nuget.config"), NuGetConfig());
            Log.Add(Expect(DotnetCli.Run(Root, "new", "install", Path.Combine(Feed, $"Detect.Templates.{Version}.nupkg"), "--debug:custom-hive", Hive)));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The workspace; the user's projects are made in it.</summary>
    public string Root { get; }

    /// <summary>The folder feed with this build's packages.</summary>
    public string Feed { get; }

    /// <summary>The template hive (dotnet new's --debug:custom-hive), so the user's own hive is left alone.</summary>
    public string Hive { get; }

    /// <summary>The version every package was packed at.</summary>
    public string Version { get; }

    /// <summary>The commands the workspace ran, with their output.</summary>
    public List<CommandResult> Log { get; } = [];

    /// <summary>Fails with the command's output unless it succeeded.</summary>
    public static CommandResult Expect(CommandResult result) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException($"A command failed:\n{result}");

    string NuGetConfig()
    {
        string userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="detect-test-feed" value="{Feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="user-packages" value="{userPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """;
    }

    /// <summary>Deletes the workspace: feed, hive, extracted packages and projects.</summary>
    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a leftover temp folder is not a test failure
    }
}
