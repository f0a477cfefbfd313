using Detect.Masks;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Evaluation;

/// <summary>
/// A data sample's predictions → COCO results, as MMDetection's <c>CocoMetric.results2json</c>:
/// xyxy boxes become [x, y, w, h] (float32 values widened to double, then subtracted), labels map to
/// category ids through <c>catIds[label]</c>, masks become RLE.
/// </summary>
public static class PredictionResults
{
    /// <summary>Box results of one sample (predictions in original-image pixels).</summary>
    /// <exception cref="ArgumentException">No predictions, no scores, or a label outside <paramref name="catIds"/>.</exception>
    public static List<CocoResult> Boxes(DetDataSample sample, IReadOnlyList<long> catIds) => Convert(sample, catIds, masks: false);

    /// <summary>
    /// Mask results of one sample, without boxes, so that evaluation takes the mask's area as MMDetection
    /// does (it drops the boxes before <c>loadRes</c>).
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Boxes"/>, or predictions without masks.</exception>
    public static List<CocoResult> Masks(DetDataSample sample, IReadOnlyList<long> catIds) => Convert(sample, catIds, masks: true);

    private static List<CocoResult> Convert(DetDataSample sample, IReadOnlyList<long> catIds, bool masks)
    {
        var pred = sample.PredInstances ?? throw new ArgumentException($"Sample of image {sample.Meta.ImgId} has no PredInstances.", nameof(sample));
        if (pred.Scores is null) throw new ArgumentException($"Predictions of image {sample.Meta.ImgId} have no scores.", nameof(sample));
        if (masks && pred.Masks is null) throw new ArgumentException($"Predictions of image {sample.Meta.ImgId} have no masks, which segm evaluation needs.", nameof(sample));
        using var scope = NewDisposeScope();
        // TensorValues: an image with no detections has empty tensors, which TorchSharp's accessor cannot read.
        float[] boxes = Visualization.TensorValues.Of<float>(pred.Bboxes.to_type(ScalarType.Float32));
        float[] scores = Visualization.TensorValues.Of<float>(pred.Scores.to_type(ScalarType.Float32));
        long[] labels = Visualization.TensorValues.Of<long>(pred.Labels.to_type(ScalarType.Int64));
        Rle[]? rles = masks ? MaskTensors.EncodeEach(pred.Masks!) : null;
        var results = new List<CocoResult>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= catIds.Count)
                throw new ArgumentException($"Prediction {i} of image {sample.Meta.ImgId} has label {labels[i]}, outside 0..{catIds.Count - 1}.", nameof(sample));
            long categoryId = catIds[(int)labels[i]];
            if (rles is not null)
                results.Add(new CocoResult(sample.Meta.ImgId, categoryId, null, scores[i], MaskApi.ToSegmentation(rles[i])));
            else
            {
                double x1 = boxes[4 * i], y1 = boxes[4 * i + 1], x2 = boxes[4 * i + 2], y2 = boxes[4 * i + 3];
                results.Add(new CocoResult(sample.Meta.ImgId, categoryId, [x1, y1, x2 - x1, y2 - y1], scores[i]));
            }
        }
        return results;
    }
}
