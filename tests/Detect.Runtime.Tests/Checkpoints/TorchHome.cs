namespace Detect.Runtime.Tests.Checkpoints;

/// <summary>
/// A temporary <c>TORCH_HOME</c> (torch.hub's cache root) for one test, with helpers to put files into its
/// <c>hub/checkpoints</c>; the previous value comes back on dispose. Only tests in one class at a time use it.
/// </summary>
public sealed class TorchHome : IDisposable
{
    readonly string? previous = Environment.GetEnvironmentVariable("TORCH_HOME");

    /// <summary>Creates the folder and points <c>TORCH_HOME</c> at it.</summary>
    public TorchHome()
    {
        Root = Directory.CreateTempSubdirectory("detect-torch-home-").FullName;
        Environment.SetEnvironmentVariable("TORCH_HOME", Root);
    }

    /// <summary>The temporary <c>TORCH_HOME</c>.</summary>
    public string Root { get; }

    /// <summary><c>$TORCH_HOME/hub/checkpoints</c>.</summary>
    public string Checkpoints => Path.Combine(Root, "hub", "checkpoints");

    /// <summary>Copies <paramref name="source"/> into the cache as <paramref name="fileName"/>; returns its path.</summary>
    public string Put(string source, string fileName)
    {
        Directory.CreateDirectory(Checkpoints);
        string path = Path.Combine(Checkpoints, fileName);
        File.Copy(source, path);
        return path;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TORCH_HOME", previous);
        Directory.Delete(Root, recursive: true);
    }
}
