namespace Detect.Data;

/// <summary><c>sampler=dict(type='DefaultSampler', shuffle, seed)</c>: every image once per epoch (<see cref="DefaultSampler"/>).</summary>
/// <param name="shuffle"><c>shuffle</c>.</param>
/// <param name="seed"><c>seed</c>; null: the run's seed.</param>
public sealed class DefaultSamplerPlan(bool shuffle = true, int? seed = null) : SamplerPlan(shuffle, seed)
{
    /// <inheritdoc />
    public override ISampler Create(int datasetLength, int runSeed) => new DefaultSampler(datasetLength, Shuffle, Seed ?? runSeed);
}
