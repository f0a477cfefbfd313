namespace Detect.Checkpoints;

/// <summary>
/// A module that drops some checkpoint entries on purpose, so loading does not report them as
/// unexpected: torchvision's FrozenBatchNorm2d drops <c>num_batches_tracked</c>, which checkpoints of
/// ordinary BatchNorm layers carry.
/// </summary>
public interface IIgnoresCheckpointKeys
{
    /// <summary>Whether the entry named <paramref name="localKey"/> (relative to this module, e.g. <c>num_batches_tracked</c>) is ignored.</summary>
    bool IgnoresCheckpointKey(string localKey);
}
