namespace Detect.Config;

/// <summary><c>sampler=dict(type='DefaultSampler')</c>: every image once per epoch.</summary>
[Register("DefaultSampler", Builds = typeof(Detect.Data.DefaultSamplerPlan))]
public sealed class DefaultSamplerAttribute : DataSamplerAttribute;

/// <summary><c>sampler=dict(type='InfiniteSampler')</c>: an endless stream, for an <c>IterBasedTrainLoop</c>'s train loader only (DET406).</summary>
[Register("InfiniteSampler", Builds = typeof(Detect.Data.InfiniteSamplerPlan))]
[EndlessSamplerRule]
public sealed class InfiniteSamplerAttribute : DataSamplerAttribute;
