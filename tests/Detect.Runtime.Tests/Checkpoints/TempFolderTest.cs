using Detect.Platform;

namespace Detect.Runtime.Tests.Checkpoints;

/// <summary>Base for tests that write files: a fresh temporary folder per test, deleted afterwards; TorchSharp initialized.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected TempFolderTest()
    {
        TorchRuntime.EnsureInitialized();
        Folder = Directory.CreateTempSubdirectory("detect-checkpoints-").FullName;
    }

    protected string Folder { get; }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
