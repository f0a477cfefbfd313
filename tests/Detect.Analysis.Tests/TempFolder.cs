namespace Detect.Analysis.Tests;

/// <summary>A temporary folder for the files a test writes, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "detect-analysis-tests-" + Guid.NewGuid().ToString("N"));

    public string this[string name] => Path.Combine(Root, name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
