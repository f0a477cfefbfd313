namespace Detect.Data;

/// <summary>
/// A loader's <c>sampler</c> as a config describes it (what <c>DefaultSamplerConfig.Build()</c> or
/// <c>InfiniteSamplerConfig.Build()</c> makes); the sampler itself is made by <see cref="Create"/> once the dataset's size
/// and the run's seed are known, as MMEngine's <c>Runner.build_dataloader</c> does.
/// </summary>
public abstract class SamplerPlan
{
    /// <summary>For derived plans: <c>shuffle</c> and <c>seed</c>, the arguments MMEngine's samplers share.</summary>
    protected SamplerPlan(bool shuffle, int? seed)
    {
        Shuffle = shuffle;
        Seed = seed;
    }

    /// <summary><c>shuffle</c>.</summary>
    public bool Shuffle { get; }

    /// <summary><c>seed</c>; null: the run's seed (MMEngine's <c>seed=None</c>, synchronised over ranks).</summary>
    public int? Seed { get; }

    /// <summary>The sampler over a dataset of <paramref name="datasetLength"/> images, seeded with <see cref="Seed"/> or else <paramref name="runSeed"/>.</summary>
    public abstract ISampler Create(int datasetLength, int runSeed);
}
