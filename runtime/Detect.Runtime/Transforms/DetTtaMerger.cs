using Detect.Data;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Transforms;

/// <summary>Class-aware NMS: indices (int64, decreasing score) of the boxes to keep.</summary>
public delegate Tensor BatchedNms(Tensor boxes, Tensor scores, Tensor labels, double iouThreshold);

/// <summary>
/// Merges the predictions of one image's test-time views (MMDetection's <c>DetTTAModel.merge_preds</c>):
/// each view's boxes — predicted with rescale, so in original-image pixels — are flipped back when the
/// view was flipped (in the original image's shape), all views are concatenated, class-aware NMS keeps
/// the best, and the first <c>maxPerImg</c> by score remain. Instance masks (Mask R-CNN) go with their boxes: each
/// view's masks (original-image size) are flipped back too, and every kept detection keeps its own view's mask —
/// MMDetection's DetTTAModel merges boxes only and drops them.
/// </summary>
public sealed class DetTtaMerger
{
    readonly BatchedNms nms;

    /// <summary>Creates the merger (MMDetection's <c>tta_cfg</c>: nms iou_threshold, max_per_img).</summary>
    /// <param name="iouThreshold">NMS IoU threshold.</param>
    /// <param name="maxPerImg">Detections kept per image.</param>
    /// <param name="nms">The class-aware NMS; <see cref="Ops.Nms.Batched"/> (torchvision's batched_nms) by default.</param>
    public DetTtaMerger(double iouThreshold = 0.5, int maxPerImg = 100, BatchedNms? nms = null)
    {
        this.nms = nms ?? Ops.Nms.Batched;
        if (maxPerImg <= 0) throw new ArgumentException($"maxPerImg must be positive, got {maxPerImg}.", nameof(maxPerImg));
        IouThreshold = iouThreshold;
        MaxPerImg = maxPerImg;
    }

    /// <summary>NMS IoU threshold.</summary>
    public double IouThreshold { get; }

    /// <summary>Detections kept per image.</summary>
    public int MaxPerImg { get; }

    /// <summary>
    /// MMEngine's <c>BaseTTAModel.test_step</c>: one forward pass of <paramref name="model"/> per view of <paramref name="batch"/>
    /// (with rescale, so boxes are in original-image pixels), then each image's views merged. What <c>detect test --tta</c> and
    /// <c>detect infer --tta</c> share; the merged instances belong to the caller's dispose scope.
    /// </summary>
    public IReadOnlyList<DetDataSample> Predict(DetectionModel model, TtaBatch batch)
    {
        var perView = batch.Views.Select(view => model.Predict(view, rescale: true)).ToList();
        int images = perView.Count == 0 ? 0 : perView[0].Count;
        return MergePreds([.. Enumerable.Range(0, images).Select(i => (IReadOnlyList<DetDataSample>)[.. perView.Select(v => v[i])])]);
    }

    /// <summary>Merges each image's views: <paramref name="views"/>[image][view].</summary>
    public IReadOnlyList<DetDataSample> MergePreds(IReadOnlyList<IReadOnlyList<DetDataSample>> views) =>
        views.Select(Merge).ToList();

    /// <summary>One image's merged prediction: the first view's sample with the merged instances.</summary>
    public DetDataSample Merge(IReadOnlyList<DetDataSample> views)
    {
        if (views.Count == 0) throw new ArgumentException("Nothing to merge: no views.", nameof(views));
        using var scope = NewDisposeScope();
        var boxes = new List<Tensor>();
        var scores = new List<Tensor>();
        var labels = new List<Tensor>();
        var masks = new List<Tensor>();
        foreach (var view in views)
        {
            var pred = view.PredInstances ?? throw new ArgumentException(
                $"View of {view.Meta.ImgPath} has no predictions to merge.", nameof(views));
            if (pred.Scores is null) throw new ArgumentException($"Predictions of {view.Meta.ImgPath} have no scores.", nameof(views));
            boxes.Add(view.Meta.Flip ? FlipBack(pred.Bboxes, view.Meta) : pred.Bboxes);
            scores.Add(pred.Scores);
            labels.Add(pred.Labels);
            if (pred.Masks is { } m) masks.Add(view.Meta.Flip ? FlipMasksBack(m, view.Meta) : m);
        }
        if (masks.Count != 0 && masks.Count != views.Count)
            throw new ArgumentException($"Views of {views[0].Meta.ImgPath}: {masks.Count} of {views.Count} carry masks; the views of one image come from one model.", nameof(views));
        var allBoxes = cat(boxes, 0);
        var allScores = cat(scores, 0);
        var allLabels = cat(labels, 0);
        var keep = nms(allBoxes, allScores, allLabels, IouThreshold);
        if (keep.shape[0] > MaxPerImg) keep = keep[..MaxPerImg];
        var merged = new InstanceData(allBoxes[keep], allLabels[keep], allScores[keep], masks.Count == 0 ? null : cat(masks, 0)[keep])
            .MoveToOuterDisposeScope();
        return views[0] with { PredInstances = merged };
    }

    /// <summary>Masks (N×H×W, the original image's size) flipped back as <see cref="FlipBack"/> flips their boxes.</summary>
    static Tensor FlipMasksBack(Tensor masks, ImageMeta meta) =>
        FlipDirections.Parse(meta.FlipDirection ?? throw new ArgumentException($"{meta.ImgPath}: the view is flipped but has no flip direction.")) switch
        {
            FlipDirection.Horizontal => masks.flip(2),
            FlipDirection.Vertical => masks.flip(1),
            _ => masks.flip(1, 2),
        };

    /// <summary>mmdet's <c>bbox_flip</c> in the original image's shape (no "+1").</summary>
    static Tensor FlipBack(Tensor boxes, ImageMeta meta)
    {
        var direction = FlipDirections.Parse(meta.FlipDirection ?? throw new ArgumentException(
            $"{meta.ImgPath}: the view is flipped but has no flip direction."));
        var (h, w) = meta.OriShape;
        var x1 = boxes[.., 0]; var y1 = boxes[.., 1]; var x2 = boxes[.., 2]; var y2 = boxes[.., 3];
        using var width = w.ToScalar();
        using var height = h.ToScalar();
        // w − x and h − y as TorchSharp's operator computes them (−x + w), with Scalars that outlive the call.
        Tensor FromRight(Tensor x) => x.negative().add(width, Scalars.One);
        Tensor FromBottom(Tensor y) => y.negative().add(height, Scalars.One);
        return direction switch
        {
            FlipDirection.Horizontal => stack([FromRight(x2), y1, FromRight(x1), y2], 1),
            FlipDirection.Vertical => stack([x1, FromBottom(y2), x2, FromBottom(y1)], 1),
            _ => stack([FromRight(x2), FromBottom(y2), FromRight(x1), FromBottom(y1)], 1),
        };
    }
}
