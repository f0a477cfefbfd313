using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Engine.TestKit;

/// <summary>
/// A "detector" for evaluation tests: it answers each image's ground truth moved, relabelled and scored by rules of the
/// image id alone, plus one false positive per image, each with the mask that fills its box (at the original size). Its COCO mAP lies strictly between 0 and 1, and its predictions are
/// the same whichever rank, batch or order computes them — so a distributed evaluation must give exactly the
/// single-process metrics. It cannot be trained.
/// </summary>
public sealed class EchoDetector(int numClasses) : DetectionModel(nameof(EchoDetector))
{
    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> Loss(DetBatch batch) =>
        throw new NotSupportedException("EchoDetector only predicts.");

    /// <inheritdoc />
    public override IReadOnlyList<DetDataSample> Predict(DetBatch batch, bool rescale = true)
    {
        var results = new List<DetDataSample>();
        foreach (var sample in batch.Samples)
        {
            using var scope = NewDisposeScope();
            var meta = sample.Meta;
            long id = meta.ImgId;
            var gt = sample.GtInstances ?? throw new InvalidOperationException("EchoDetector needs the ground truth in its samples (LoadAnnotations).");
            float shift = id % 4 * 0.5f;                                  // localisation errors of 0–1.5 px
            var boxes = gt.Bboxes + shift;
            if (rescale) boxes = boxes / tensor(new[] { (float)meta.ScaleFactor.W, (float)meta.ScaleFactor.H, (float)meta.ScaleFactor.W, (float)meta.ScaleFactor.H });
            var labels = id % 3 == 0 ? (gt.Labels + 1) % numClasses : gt.Labels.clone(); // every third image confused
            var scores = full(gt.Count, 0.95f - 0.1f * (id % 5));
            var falsePositive = tensor(new float[] { 0, 0, 4, 4 }).view(1, 4);
            var allBoxes = cat([boxes, falsePositive]);
            var (h, w) = rescale ? meta.OriShape : meta.ImgShape;
            var instances = new InstanceData(allBoxes, cat([labels, zeros(1, int64)]), cat([scores, full(1, 0.5f)]), BoxMasks(allBoxes, h, w));
            results.Add(sample with { PredInstances = instances.MoveToOuterDisposeScope() });
        }
        return results;
    }

    // N×H×W masks that fill each box's pixels (those whose centre lies inside it).
    static Tensor BoxMasks(Tensor boxes, int height, int width)
    {
        var ys = arange(height, float32).add(0.5f).view(1, height, 1);
        var xs = arange(width, float32).add(0.5f).view(1, 1, width);
        var b = boxes.view(-1, 4, 1, 1);
        return xs.ge(b[.., 0]).logical_and(xs.lt(b[.., 2])).logical_and(ys.ge(b[.., 1])).logical_and(ys.lt(b[.., 3]));
    }
}
