namespace Detect.Datasets;

/// <summary>
/// One image's record as a dataset yields it (MMDetection's <c>parse_data_info</c> output): what the
/// pipeline's LoadImageFromFile and LoadAnnotations read.
/// </summary>
/// <param name="ImgId">Image id in the annotation file.</param>
/// <param name="ImgPath">Full path of the image file.</param>
/// <param name="Height">Image height the annotation file declares.</param>
/// <param name="Width">Image width the annotation file declares.</param>
/// <param name="Instances">Annotated objects, crowd regions included (with IgnoreFlag set).</param>
public sealed record DataInfo(long ImgId, string ImgPath, int Height, int Width, IReadOnlyList<InstanceInfo> Instances);

/// <summary>One annotated object.</summary>
/// <param name="Bbox">Box as xyxy pixels: COCO's [x, y, w, h] becomes [x, y, x + w, y + h].</param>
/// <param name="BboxLabel">Contiguous label 0..K−1 (the dataset's class order, not the category id).</param>
/// <param name="IgnoreFlag">True for crowd regions and other boxes to ignore.</param>
/// <param name="Mask">Segmentation when the annotation has one.</param>
/// <param name="AnnotationId">Annotation id in the file, for error messages.</param>
public sealed record InstanceInfo(float[] Bbox, int BboxLabel, bool IgnoreFlag, Segmentation? Mask, long AnnotationId);

/// <summary>A COCO segmentation: polygons or run-length encoding.</summary>
public abstract record Segmentation;

/// <summary>One or more polygons, each a flat [x1, y1, x2, y2, ...] list in pixels.</summary>
public sealed record PolygonSegmentation(IReadOnlyList<double[]> Polygons) : Segmentation;

/// <summary>
/// Uncompressed run-length encoding as pycocotools: column-major runs alternating 0s and 1s,
/// starting with 0s (compressed strings are decoded into this form when read).
/// </summary>
public sealed record RleSegmentation(int Height, int Width, uint[] Counts) : Segmentation;

/// <summary>The dataset's classes in label order, and an optional palette for drawing.</summary>
public sealed record DatasetMetainfo(IReadOnlyList<string> Classes, IReadOnlyList<(byte R, byte G, byte B)>? Palette = null);
