namespace Detect.Packaging.Tests;

/// <summary>The tests that share one <see cref="PackagedWorkspace"/>: packing is done once.</summary>
[CollectionDefinition(Name)]
public sealed class PackagedWorkspaceCollection : ICollectionFixture<PackagedWorkspace>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packaged workspace";
}
