namespace Detect.Models.Layers;

/// <summary>
/// One feature map's shape contract (detectron2's <c>ShapeSpec</c>): its channels and its stride
/// relative to the input image. Backbones and necks publish one per output, as pure functions of
/// their arguments, so configs can be checked before any tensor exists.
/// </summary>
/// <param name="Channels">Number of channels.</param>
/// <param name="Stride">Input pixels per feature-map pixel (4, 8, 16...).</param>
public readonly record struct ShapeSpec(int Channels, int Stride)
{
    /// <summary>Pairs channels and strides element by element.</summary>
    public static ShapeSpec[] Zip(IReadOnlyList<int> channels, IReadOnlyList<int> strides) =>
        [.. channels.Zip(strides, (c, s) => new ShapeSpec(c, s))];
}
