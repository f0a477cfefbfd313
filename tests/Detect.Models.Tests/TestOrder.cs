// Tests here build random-weight modules, whose initialisers draw from torch's one global generator; seeded builds
// (Seeded.Build) are reproducible only if no other test draws from it meanwhile, so test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
