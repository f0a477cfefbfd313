namespace Detect.Data;

/// <summary>How <see cref="ShapesDataset"/> draws its images.</summary>
/// <param name="ImageWidth">Image width in pixels.</param>
/// <param name="ImageHeight">Image height in pixels.</param>
/// <param name="MinShapes">Fewest shapes per image.</param>
/// <param name="MaxShapes">Most shapes per image.</param>
/// <param name="MinSize">Smallest shape (circumscribed circle diameter) in pixels.</param>
/// <param name="MaxSize">Largest shape in pixels.</param>
/// <param name="MaxOverlap">Largest IoU a new shape's box may have with an earlier one (later shapes are drawn on top).</param>
/// <param name="JpegQuality">JPEG quality, 1–100.</param>
/// <param name="Seed">Seed; each split draws from its own stream derived from it.</param>
public sealed record ShapesDatasetOptions(
    int ImageWidth = 160, int ImageHeight = 160, int MinShapes = 1, int MaxShapes = 4, int MinSize = 16, int MaxSize = 64,
    double MaxOverlap = 0.3, int JpegQuality = 90, int Seed = 0)
{
    /// <summary>Checks the values, naming the one that is wrong.</summary>
    public void Validate()
    {
        if (ImageWidth < 16 || ImageHeight < 16) throw new ArgumentException($"Shapes images must be at least 16×16, got {ImageWidth}×{ImageHeight}.");
        if (MinShapes < 0 || MaxShapes < MinShapes) throw new ArgumentException($"Need 0 ≤ MinShapes ≤ MaxShapes, got {MinShapes}, {MaxShapes}.");
        if (MinSize < 4 || MaxSize < MinSize || MaxSize > Math.Min(ImageWidth, ImageHeight))
            throw new ArgumentException($"Need 4 ≤ MinSize ≤ MaxSize ≤ the image's shorter side, got {MinSize}, {MaxSize}.");
        if (JpegQuality is < 1 or > 100) throw new ArgumentException($"JpegQuality must be 1–100, got {JpegQuality}.");
    }
}
