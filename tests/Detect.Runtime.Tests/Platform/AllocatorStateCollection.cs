namespace Detect.Runtime.Tests.Platform;

/// <summary>
/// Tests that read what the C allocator hands back after <c>AllocatorPoison.Poison</c>: the heap is one per process, so a
/// test class allocating on another thread at the same moment can take the poisoned blocks first. They run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocatorStateCollection
{
    public const string Name = "the process's allocator state";
}
