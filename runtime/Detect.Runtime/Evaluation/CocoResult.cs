using Detect.Datasets;

namespace Detect.Evaluation;

/// <summary>
/// One detection in the COCO results format:
/// <c>{"image_id", "category_id", "bbox": [x, y, w, h], "score", "segmentation"?}</c>.
/// </summary>
/// <param name="ImageId">Image id of the ground truth.</param>
/// <param name="CategoryId">Category id of the ground truth (not a contiguous label).</param>
/// <param name="Bbox">[x, y, w, h] in original-image pixels; may be null for mask-only results.</param>
/// <param name="Score">Confidence.</param>
/// <param name="Segmentation">Mask (an RLE, as MMDetection writes) for instance segmentation.</param>
public sealed record CocoResult(long ImageId, long CategoryId, double[]? Bbox, double Score, Segmentation? Segmentation = null);
