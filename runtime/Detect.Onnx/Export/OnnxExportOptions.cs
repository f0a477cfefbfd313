namespace Detect.Onnx.Export;

/// <summary>How <see cref="OnnxExporter"/> writes a detector.</summary>
/// <param name="Height">Height of the input batch (the preprocessed, padded images).</param>
/// <param name="Width">Width of the input batch.</param>
/// <param name="BatchSize">Images per batch.</param>
/// <param name="Opset">The ONNX opset (17 or newer: every operator used has been stable since 13).</param>
/// <param name="DynamicShape">Make batch size, height and width symbolic; the given ones are used only to trace output channels.</param>
public sealed record OnnxExportOptions(int Height, int Width, int BatchSize = 1, int Opset = 17, bool DynamicShape = false)
{
    /// <summary>The opsets the exporter writes.</summary>
    public const int MinOpset = 17, MaxOpset = 18;

    /// <summary>This, or an error naming the bad setting.</summary>
    /// <exception cref="ArgumentException">A size is not positive or the opset is outside <see cref="MinOpset"/>–<see cref="MaxOpset"/>.</exception>
    public OnnxExportOptions Validate()
    {
        if (Height <= 0 || Width <= 0 || BatchSize <= 0)
            throw new ArgumentException($"the input shape {BatchSize}×3×{Height}×{Width} must be positive.");
        if (Opset is < MinOpset or > MaxOpset)
            throw new ArgumentException($"opset {Opset} is not written; Detect.Onnx writes opsets {MinOpset}–{MaxOpset}.");
        return this;
    }
}
