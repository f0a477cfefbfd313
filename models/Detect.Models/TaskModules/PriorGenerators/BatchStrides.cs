using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// Strides measured on the batch, as torchvision's <c>AnchorGenerator</c> measures them: per level, (padded batch height //
/// feature height, padded batch width // feature width); and torchvision's absence of valid flags.
/// </summary>
/// <remarks>
/// The strides differ from the nominal ones when a level's size was rounded up: an 800-pixel-high batch has a 13-cell-high
/// P6 (stride 64 nominally), so torchvision places its anchors 800 // 13 = 61 pixels apart. Torchvision's detectors need
/// this to be reproduced exactly; MMDetection's never do. The generators that follow torchvision
/// (<see cref="TorchvisionAnchorGenerator"/>, <see cref="MlvlPointGenerator"/> with <c>stridesFromBatch</c>) use both
/// helpers in <see cref="IPriorGenerator.ForBatch"/> and <see cref="IPriorGenerator.ValidFlags"/>.
/// </remarks>
public static class BatchStrides
{
    /// <summary>The strides of a batch of <paramref name="batchInputShape"/> whose levels have <paramref name="featmapSizes"/>.</summary>
    public static Stride[] Measure(int numLevels, (int Height, int Width) batchInputShape, IReadOnlyList<(int Height, int Width)> featmapSizes)
    {
        PriorGrid.CheckLevels(numLevels, featmapSizes.Count, nameof(featmapSizes));
        return [.. featmapSizes.Select(f => new Stride(batchInputShape.Width / f.Width, batchInputShape.Height / f.Height))];
    }

    /// <summary>
    /// Every prior of the batch is valid: torchvision has no valid flags and trains the anchors over a smaller image's share of
    /// the batch padding too, where MMDetection's generators drop those beyond each image's own padded shape.
    /// </summary>
    public static Tensor[] AllValid(IReadOnlyList<(int Height, int Width)> featmapSizes, IReadOnlyList<int> numBasePriors, Device? device)
    {
        PriorGrid.CheckLevels(numBasePriors.Count, featmapSizes.Count, nameof(featmapSizes));
        return [.. featmapSizes.Select((size, level) => ones((long)size.Height * size.Width * numBasePriors[level], dtype: ScalarType.Bool, device: device))];
    }
}
