using Detect.Data;

namespace Quickstart;

/// <summary>
/// Generates the Quickstart's dataset once: COCO-format JPEGs of circles, squares and triangles with
/// boxes and polygon masks, a train and a val split (<see cref="ShapesDataset"/>; a second run finds
/// the files and reuses them).
/// </summary>
public static class ShapesData
{
    /// <summary>Image side in pixels (the pipelines' resize scale).</summary>
    public const int Size = 192;

    /// <summary>Images in the train split.</summary>
    public const int TrainImages = 2000;

    /// <summary>Images in the val split.</summary>
    public const int ValImages = 250;

    /// <summary>How the images are drawn: 1–5 shapes of 16–80 pixels, overlapping up to IoU 0.3.</summary>
    public static ShapesDatasetOptions Options { get; } = new(ImageWidth: Size, ImageHeight: Size, MinShapes: 1, MaxShapes: 5,
        MinSize: 16, MaxSize: 80, MaxOverlap: 0.3, Seed: 2026);

    /// <summary>Writes (or finds) both splits under <paramref name="root"/>.</summary>
    public static (ShapesSplit Train, ShapesSplit Val) Generate(string root) =>
        (ShapesDataset.Generate(root, "train", TrainImages, Options), ShapesDataset.Generate(root, "val", ValImages, Options));
}
