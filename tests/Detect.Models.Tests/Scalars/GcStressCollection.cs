namespace Detect.Models.Tests.Scalars;

/// <summary>
/// Tests that collect garbage continuously: they run alone, after the parallel tests, so their collections
/// (which run every pending finalizer) do not land in the middle of other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcStressCollection
{
    public const string Name = "GC stress (runs alone)";
}
