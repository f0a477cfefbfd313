namespace Detect.Transforms;

/// <summary>
/// The dataset as a mixing transform sees it (MMDetection's <c>MultiImageMixDataset</c> handing
/// <c>mix_results</c> to Mosaic and MixUp): its size, and any image loaded through the dataset's
/// pre-pipeline (typically LoadImageFromFile and LoadAnnotations).
/// </summary>
public interface IMixSource
{
    /// <summary>Number of images in the dataset.</summary>
    int Count { get; }

    /// <summary>
    /// Loads image <paramref name="index"/> through the pre-pipeline, drawing any randomness from
    /// <paramref name="context"/>; null when the pre-pipeline dropped it.
    /// </summary>
    PipelineSample? Load(int index, TransformContext context);
}
