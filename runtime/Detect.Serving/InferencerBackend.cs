using Detect.Inference;
using Detect.Transforms;

namespace Detect.Serving;

/// <summary>
/// <see cref="IDetectionBackend"/> over a <see cref="DetInferencer"/>: one <see cref="DetInferencer.Run(IReadOnlyList{InferenceInput}, InferencerCallOptions?)"/>
/// per batch (the experiment's test pipeline, one forward pass), each image's predictions written by <see cref="PredictionJson"/>.
/// Whichever backend the inferencer runs (TorchSharp now, ONNX Runtime with the export work), the server sees the same thing.
/// </summary>
/// <param name="inferencer">The inferencer; this backend owns and disposes it.</param>
public sealed class InferencerBackend(DetInferencer inferencer) : IDetectionBackend
{
    readonly DetInferencer inferencer = inferencer ?? throw new ArgumentNullException(nameof(inferencer));

    /// <inheritdoc/>
    public IReadOnlyList<byte[]> Predict(IReadOnlyList<ImageBuffer> images)
    {
        // Nothing is written or printed: the predictions go back to the clients only.
        var options = new InferencerCallOptions { BatchSize = Math.Max(1, images.Count), ShowProgress = false };
        var predictions = inferencer.Run([.. images.Select(image => InferenceInput.FromImage(image))], options);
        try
        {
            return [.. predictions.Select(p => JsonBytes(p))];
        }
        finally
        {
            foreach (var prediction in predictions) prediction.Dispose();
        }
    }

    static byte[] JsonBytes(ImagePrediction prediction)
    {
        using var stream = new MemoryStream();
        PredictionJson.Write(stream, prediction.Instances);
        return stream.ToArray();
    }

    /// <summary>Disposes the inferencer (its model).</summary>
    public void Dispose() => inferencer.Dispose();
}
