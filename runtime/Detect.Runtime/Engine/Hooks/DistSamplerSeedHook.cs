namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>DistSamplerSeedHook</c>, kept so that configs naming it build and run unchanged. Its work —
/// giving the sampler the epoch so each epoch shuffles differently yet reproducibly — is the
/// <see cref="Data.DataLoader{T, TBatch}"/>'s own: it seeds every epoch from the run's seed and the epoch number.
/// </summary>
public sealed class DistSamplerSeedHook() : Hook(HookPriorities.Normal);
