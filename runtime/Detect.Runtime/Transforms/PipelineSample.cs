using Detect.Datasets;

namespace Detect.Transforms;

/// <summary>
/// One image as it travels from LoadImageFromFile to PackDetInputs (MMDetection's <c>results</c> dict,
/// typed): the dataset record it came from, the current image, what the transforms did to it, and its
/// ground truth once LoadAnnotations has run. Transforms return modified copies (<c>with</c>).
/// </summary>
public sealed record PipelineSample
{
    /// <summary>The dataset record (image path, id, declared size, annotations).</summary>
    public required DataInfo Info { get; init; }

    /// <summary>The current image (HWC, BGR).</summary>
    public required ImageBuffer Img { get; init; }

    /// <summary>Size of the decoded image before any transform (h, w).</summary>
    public required (int Height, int Width) OriShape { get; init; }

    /// <summary>Size of the current image (h, w): MMDetection's <c>img_shape</c>.</summary>
    public (int Height, int Width) ImgShape => (Img.Height, Img.Width);

    /// <summary>Size after Pad, when a Pad ran (h, w).</summary>
    public (int Height, int Width)? PadShape { get; init; }

    /// <summary>Factors (w, h) of the last resize, from its input to its output; (1, 1) when none ran.</summary>
    public (double W, double H) ScaleFactor { get; init; } = (1.0, 1.0);

    /// <summary>Whether the last resize kept the aspect ratio.</summary>
    public bool KeepRatio { get; init; }

    /// <summary>Whether RandomFlip flipped the image.</summary>
    public bool Flip { get; init; }

    /// <summary>horizontal, vertical or diagonal when flipped.</summary>
    public string? FlipDirection { get; init; }

    /// <summary>Ground truth on the current image; null until LoadAnnotations runs.</summary>
    public GtAnnotations? Gt { get; init; }

    /// <summary>The ground truth, or a clear error naming the transform that needed it.</summary>
    public GtAnnotations RequireGt(string transform) => Gt ?? throw new InvalidOperationException(
        $"{transform} needs annotations, but {Info.ImgPath} has none loaded: put LoadAnnotations before {transform}.");
}
