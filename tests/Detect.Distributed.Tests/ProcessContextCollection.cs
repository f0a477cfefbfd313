namespace Detect.Distributed.Tests;

/// <summary>
/// Tests that make a <see cref="FixedRankContext"/> current: <see cref="DistributedContext.Current"/> is one per process,
/// so they must not run in parallel with each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessContextCollection
{
    public const string Name = "the process's distributed context";
}
