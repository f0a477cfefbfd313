using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.DataPreprocessors;

/// <summary>
/// What a data preprocessor hands the detector: the padded N×C×H×W float batch on the model's device and
/// the samples with their metainfo completed (<c>pad_shape</c>, <c>batch_input_shape</c>) and their
/// instances on the same device.
/// </summary>
/// <param name="Inputs">The normalized, padded batch.</param>
/// <param name="Samples">One sample per image, in the batch's order.</param>
public sealed record PreprocessedBatch(Tensor Inputs, IReadOnlyList<DetDataSample> Samples)
{
    /// <summary>The samples' metainfo, in order.</summary>
    public IReadOnlyList<ImageMeta> Metas => [.. Samples.Select(s => s.Meta)];
}
