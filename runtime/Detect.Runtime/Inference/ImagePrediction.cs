using Detect.Structures;

namespace Detect.Inference;

/// <summary>
/// One image's predictions from <see cref="DetInferencer"/> (MMDetection's <c>predictions</c> entry, or the data
/// sample with <c>return_datasamples=True</c>): CPU tensors in original-image pixels, owned by this object.
/// </summary>
/// <param name="Name">The name outputs were written under (file name without extension, or the position of an in-memory image).</param>
/// <param name="Path">The image file, or null for an in-memory image.</param>
/// <param name="OriShape">The image's size (h, w).</param>
/// <param name="Instances">Boxes (xyxy), labels, scores and, for mask models, masks; every prediction, not only those above the threshold.</param>
public sealed record ImagePrediction(string Name, string? Path, (int Height, int Width) OriShape, InstanceData Instances) : IDisposable
{
    /// <summary>How many predictions score at least <paramref name="scoreThr"/>.</summary>
    public int CountAtLeast(double scoreThr) =>
        Instances.Scores is null ? Instances.Count : Ops.TensorValues.ToArray<float>(Instances.Scores).Count(s => s >= scoreThr);

    /// <summary>Disposes the tensors.</summary>
    public void Dispose() => Instances.Dispose();
}
