namespace Detect.Transforms;

/// <summary>Helpers shared by the transforms that mix several images (Mosaic, MixUp).</summary>
internal static class MixingTransforms
{
    /// <summary>The dataset to draw from, or a clear error saying how to provide one.</summary>
    public static IMixSource Source(TransformContext context, string transform) => context.MixSource
        ?? throw new InvalidOperationException(
            $"{transform} mixes images from the dataset, but this pipeline runs without one: build the dataset as " +
            "MultiImageMixDataset(dataset, pipeline) so that its pre-pipeline loads the extra images.");

    /// <summary>Loads image <paramref name="index"/> with its own generator; a dropped image is an error.</summary>
    public static PipelineSample Load(IMixSource source, int index, TransformContext context, string transform) =>
        source.Load(index, context.ForMixedImage())
        ?? throw new InvalidOperationException($"{transform}: the pre-pipeline dropped dataset image {index}; mixing needs every image it draws.");

    /// <summary>Annotations without masks, or a clear error: MMDetection's Mosaic and MixUp move boxes only.</summary>
    public static GtAnnotations BoxesOnly(PipelineSample sample, string transform)
    {
        var gt = sample.RequireGt(transform);
        if (gt.Masks is not null)
            throw new InvalidOperationException(
                $"{transform} moves boxes only (as in MMDetection), but {sample.Info.ImgPath} has masks: load annotations without masks for this pipeline.");
        return gt;
    }

    /// <summary>A 3-channel image, or a clear error.</summary>
    public static ImageBuffer ColorImage(PipelineSample sample, string transform) => sample.Img.Channels == 3
        ? sample.Img
        : throw new BadSampleException(sample.Info.ImgPath, $"{transform} needs 3-channel images.");

    /// <summary>numpy's <c>random.uniform(low, high)</c>.</summary>
    public static double Uniform(Random rng, double low, double high) => low + rng.NextDouble() * (high - low);
}
