using Detect.Datasets;
using Detect.Masks;

namespace Detect.Evaluation;

/// <summary>
/// Builds the two sides of an evaluation the way pycocotools prepares them: ground truth straight from
/// the annotation file (its <c>area</c> field, its <c>iscrowd</c>), detections as <c>COCO.loadRes</c>
/// turns results into annotations.
/// </summary>
internal static class EvalSideBuilder
{
    public static EvalSide GroundTruth(CocoAnnotationFile gt)
    {
        var objects = new EvalObject[gt.Annotations.Count];
        var segmentations = new Segmentation?[objects.Length];
        for (int i = 0; i < objects.Length; i++)
        {
            var a = gt.Annotations[i];
            objects[i] = new EvalObject
            {
                Id = a.Id, ImageId = a.ImageId, CategoryId = a.CategoryId, Area = a.Area, IsCrowd = a.IsCrowd,
                X = a.Bbox[0], Y = a.Bbox[1], W = a.Bbox[2], H = a.Bbox[3],
            };
            segmentations[i] = a.Segmentation;
        }
        return new EvalSide(objects, segmentations, ImageSize(gt), gt.Path);
    }

    /// <summary>
    /// <c>COCO.loadRes</c>: ids 1..N in result order, iscrowd 0. The first result decides the format,
    /// as in pycocotools: when it has a box, every result needs one, area is w·h (also for mask
    /// evaluation) and a missing mask is the box's polygon; otherwise every result needs a mask, area
    /// is the mask's, and a missing box is the mask's bounding box.
    /// </summary>
    /// <exception cref="CocoFormatException">A result for an image the ground truth lacks, or one that does not fit the format of the first.</exception>
    public static EvalSide Detections(CocoAnnotationFile gt, IReadOnlyList<CocoResult> results, string source)
    {
        var imageSize = ImageSize(gt);
        bool boxFormat = results.Count > 0 && results[0].Bbox is not null;
        var objects = new EvalObject[results.Count];
        var segmentations = new Segmentation?[results.Count];
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            if (gt.FindImage(r.ImageId) is null)
                throw new CocoFormatException(source, $"result #{i}", $"'image_id' {r.ImageId} is not an image of the ground truth {gt.Path}");
            double[] bbox;
            double area;
            Segmentation? segmentation = r.Segmentation;
            if (boxFormat)
            {
                bbox = r.Bbox ?? throw new CocoFormatException(source, $"result #{i}", "no 'bbox', though the first result has one (the first result decides the format, as in pycocotools)");
                area = bbox[2] * bbox[3];
                double x1 = bbox[0], x2 = bbox[0] + bbox[2], y1 = bbox[1], y2 = bbox[1] + bbox[3];
                segmentation ??= new PolygonSegmentation([[x1, y1, x1, y2, x2, y2, x2, y1]]);
            }
            else
            {
                if (segmentation is null)
                    throw new CocoFormatException(source, $"result #{i}", "no 'segmentation', though the first result has no 'bbox' (the first result decides the format, as in pycocotools)");
                var (h, w) = imageSize(r.ImageId);
                var rle = MaskApi.FromSegmentation(segmentation, h, w);
                area = RleOps.Area(rle);
                bbox = r.Bbox ?? RleOps.ToBbox(rle);
            }
            objects[i] = new EvalObject
            {
                Id = i + 1, ImageId = r.ImageId, CategoryId = r.CategoryId, Area = area, Score = r.Score,
                X = bbox[0], Y = bbox[1], W = bbox[2], H = bbox[3],
            };
            segmentations[i] = segmentation;
        }
        return new EvalSide(objects, segmentations, imageSize, source);
    }

    private static Func<long, (int Height, int Width)> ImageSize(CocoAnnotationFile gt) => id =>
    {
        var image = gt.FindImage(id) ?? throw new InvalidOperationException($"Image {id} is not in {gt.Path}.");
        return (image.Height, image.Width);
    };
}
