namespace Detect.Data;

/// <summary>
/// <c>sampler=dict(type='InfiniteSampler', shuffle, seed)</c>: an endless stream for iteration-based training
/// (<see cref="InfiniteSampler"/>); only a train loader of an <c>IterBasedTrainLoop</c> may use it (DET406).
/// </summary>
/// <param name="shuffle"><c>shuffle</c>.</param>
/// <param name="seed"><c>seed</c>; null: the run's seed.</param>
public sealed class InfiniteSamplerPlan(bool shuffle = true, int? seed = null) : SamplerPlan(shuffle, seed)
{
    /// <inheritdoc />
    public override ISampler Create(int datasetLength, int runSeed) => new InfiniteSampler(datasetLength, Shuffle, Seed ?? runSeed);
}
