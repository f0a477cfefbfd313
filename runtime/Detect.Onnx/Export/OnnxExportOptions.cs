namespace Detect.Onnx.Export;

/// <summary>How <see cref="OnnxExporter"/> writes a detector.</summary>
/// <param name="Height">Height of the input batch (the preprocessed, padded images).</param>
/// <param name="Width">Width of the input batch.</param>
/// <param name="BatchSize">Images per batch.</param>
/// <param name="Opset">The ONNX opset (17 or newer: every operator used has been stable since 13).</param>
/// <param name="DynamicShape">Make batch size, height and width symbolic; the given ones are used only to trace output channels.</param>
/// <param name="WithPostprocess">
/// Put the head's post-processing in the graph (decode, score threshold, <c>nms_pre</c>, NMS, <c>max_per_img</c>):
/// outputs <c>dets</c> and <c>labels</c> instead of the raw head outputs. Batch size 1 only (the graph post-processes one
/// image); with <see cref="DynamicShape"/> the height and width are symbolic and the priors are computed when the graph runs.
/// </param>
public sealed record OnnxExportOptions(int Height, int Width, int BatchSize = 1, int Opset = 17, bool DynamicShape = false, bool WithPostprocess = false)
{
    /// <summary>The opsets the exporter writes.</summary>
    public const int MinOpset = 17, MaxOpset = 18;

    /// <summary>This, or an error naming the bad setting.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the opset is outside <see cref="MinOpset"/>–<see cref="MaxOpset"/>, or
    /// <see cref="WithPostprocess"/> is asked with a batch size other than 1.</exception>
    public OnnxExportOptions Validate()
    {
        if (Height <= 0 || Width <= 0 || BatchSize <= 0)
            throw new ArgumentException($"the input shape {BatchSize}×3×{Height}×{Width} must be positive.");
        if (Opset is < MinOpset or > MaxOpset)
            throw new ArgumentException($"opset {Opset} is not written; Detect.Onnx writes opsets {MinOpset}–{MaxOpset}.");
        if (WithPostprocess && BatchSize != 1)
            throw new ArgumentException($"--with-postprocess writes graphs for one image per batch; batch size {BatchSize} is not supported.");
        return this;
    }
}
