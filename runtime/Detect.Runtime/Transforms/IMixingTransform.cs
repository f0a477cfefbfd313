namespace Detect.Transforms;

/// <summary>
/// A transform that mixes images drawn from its dataset (Mosaic, MixUp): it runs only in a MultiImageMixDataset's
/// pipeline, where an <see cref="IMixSource"/> hands it the extra images.
/// </summary>
public interface IMixingTransform : ITransform;
