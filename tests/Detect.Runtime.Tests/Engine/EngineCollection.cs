namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// Tests that train: they seed PyTorch's global generator and compare loss curves bit for bit, so
/// they run alone, after the parallel tests, where nothing else draws from that generator.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineCollection : ICollectionFixture<TinyData>
{
    public const string Name = "engine (global torch generator)";
}

/// <summary>The tiny shapes dataset, written once for all engine tests.</summary>
public sealed class TinyData : IDisposable
{
    readonly TempFolder folder = new();

    public TinyData() => (Train, Val) = Detect.Engine.TestKit.TinySetup.Data(Path.Combine(folder.Root, "data"));

    public Detect.Data.ShapesSplit Train { get; }

    public Detect.Data.ShapesSplit Val { get; }

    /// <summary>A fresh folder for one test's work dir.</summary>
    public string NewWorkDir() => Path.Combine(folder.Root, "work-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => folder.Dispose();
}
