namespace Detect.Datasets;

/// <summary>An entry of a COCO file's <c>images</c> list.</summary>
/// <param name="Id">Image id.</param>
/// <param name="FileName">Path of the image relative to the dataset's image folder.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record CocoImage(long Id, string FileName, int Width, int Height);

/// <summary>An entry of a COCO file's <c>categories</c> list.</summary>
/// <param name="Id">Category id (COCO's are 1..90 with gaps; any integers are allowed).</param>
/// <param name="Name">Category name, what a dataset's <c>classes</c> selects by.</param>
/// <param name="Supercategory">Optional grouping name.</param>
public sealed record CocoCategory(long Id, string Name, string? Supercategory = null);

/// <summary>An entry of a COCO file's <c>annotations</c> list, as written (boxes stay [x, y, w, h]).</summary>
/// <param name="Id">Annotation id, unique in the file.</param>
/// <param name="ImageId">Image it belongs to.</param>
/// <param name="CategoryId">Its category.</param>
/// <param name="Bbox">[x, y, w, h] in pixels.</param>
/// <param name="Area">The <c>area</c> field (COCO: the mask's area), which evaluation uses for the size ranges.</param>
/// <param name="IsCrowd">The <c>iscrowd</c> flag: a region of many objects, ignored in training and evaluation.</param>
/// <param name="Segmentation">Polygons or RLE, when present.</param>
/// <param name="Ignore">The optional <c>ignore</c> flag (MMDetection skips such annotations when training).</param>
public sealed record CocoAnnotation(
    long Id, long ImageId, long CategoryId, double[] Bbox, double Area, bool IsCrowd,
    Segmentation? Segmentation = null, bool Ignore = false);
