namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// The stride of one feature level in input pixels, (width, height) as MMDetection orders it.
/// An <c>int</c> converts to a square stride, so <c>strides: [8, 16, 32]</c> reads as in a config.
/// </summary>
public readonly record struct Stride(int W, int H)
{
    /// <summary>A square stride.</summary>
    public static implicit operator Stride(int stride) => new(stride, stride);

    /// <summary>A (width, height) stride.</summary>
    public static implicit operator Stride((int W, int H) stride) => new(stride.W, stride.H);
}
