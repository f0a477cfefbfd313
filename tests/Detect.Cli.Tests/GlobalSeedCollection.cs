namespace Detect.Cli.Tests;

/// <summary>
/// Tests whose model weights come from torch's global generator after <c>manual_seed</c> (a model's own initialization,
/// as users get it). They run alone, after the parallel tests: another test class building a model at the same time
/// draws from the same generator, and the "seeded" weights then differ from run to run (a CI run saw AP 0.000).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalSeedCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch's global generator";
}
