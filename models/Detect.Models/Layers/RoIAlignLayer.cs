using Detect.Ops;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>
/// MMCV's <c>RoIAlign</c> layer settings (<c>roi_layer=dict(type='RoIAlign', output_size=7, sampling_ratio=0)</c>):
/// what a RoI extractor pools each RoI with; the extractor supplies each level's spatial scale.
/// </summary>
/// <param name="outputSize"><c>output_size</c> (square).</param>
/// <param name="samplingRatio"><c>sampling_ratio</c>: samples per bin and axis; 0 adapts to the RoI size.</param>
/// <param name="aligned"><c>aligned</c>: the half-pixel shift (false reproduces torchvision's and MMDetection V1's models).</param>
public sealed class RoIAlignLayer(int outputSize = 7, int samplingRatio = 0, bool aligned = true)
{
    /// <summary><c>output_size</c>.</summary>
    public int OutputSize { get; } = outputSize > 0 ? outputSize : throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "output_size must be positive.");

    /// <summary><c>sampling_ratio</c>.</summary>
    public int SamplingRatio { get; } = samplingRatio;

    /// <summary><c>aligned</c>.</summary>
    public bool Aligned { get; } = aligned;

    /// <summary>Pools <paramref name="rois"/> (K×5: image index, x1, y1, x2, y2 in image pixels) from one level's features.</summary>
    public Tensor Apply(Tensor features, Tensor rois, double spatialScale) =>
        RoIAlign.Apply(features, rois, OutputSize, OutputSize, spatialScale, SamplingRatio, Aligned);

    /// <inheritdoc />
    public override string ToString() => $"RoIAlign(output_size={OutputSize}, sampling_ratio={SamplingRatio}, aligned={Aligned})";
}
