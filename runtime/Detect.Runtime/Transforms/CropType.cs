namespace Detect.Transforms;

/// <summary>How <see cref="RandomCrop"/> reads its <c>cropSize</c> (MMDetection's <c>crop_type</c>).</summary>
public enum CropType
{
    /// <summary>'absolute': (w, h) in pixels, clipped to the image.</summary>
    Absolute,

    /// <summary>'absolute_range': (min, max) in pixels; height and width each drawn from the range.</summary>
    AbsoluteRange,

    /// <summary>'relative': (w, h) as fractions of the image size.</summary>
    Relative,

    /// <summary>'relative_range': minimum fractions; each drawn from [minimum, 1].</summary>
    RelativeRange,
}
