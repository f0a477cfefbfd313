using Detect.Datasets;

namespace Detect.Masks;

/// <summary>
/// pycocotools.mask in one place: <c>frPyObjects</c> for polygons, boxes and uncompressed RLE, and
/// COCO's <c>annToRLE</c> for a dataset's <see cref="Segmentation"/>. The building blocks live in
/// <see cref="PolygonRasterizer"/>, <see cref="RleEncoding"/>, <see cref="RleOps"/>,
/// <see cref="MaskIou"/> and <see cref="RleCodec"/>.
/// </summary>
/// <example>
/// The mask of one annotation, as LoadAnnotations or the evaluator need it:
/// <code>
/// Rle rle = MaskApi.FromSegmentation(instance.Mask!, data.Height, data.Width);
/// byte[] rowMajor = RleEncoding.DecodeRowMajor(rle);   // H×W, 0/1
/// </code>
/// </example>
public static class MaskApi
{
    /// <summary>
    /// pycocotools' <c>frPyObjects</c> for polygons: one RLE per flat [x1, y1, x2, y2, ...] list.
    /// (pycocotools would take a first entry of exactly 4 values for boxes and then fail; use
    /// <see cref="FromBboxes"/> for boxes.)
    /// </summary>
    public static Rle[] FromPolygons(IReadOnlyList<double[]> polygons, int height, int width) =>
        polygons.Select(p => PolygonRasterizer.FromPolygon(p, height, width)).ToArray();

    /// <summary>pycocotools' <c>frPyObjects</c> for an N×4 array of [x, y, w, h] boxes.</summary>
    public static Rle[] FromBboxes(IReadOnlyList<double[]> boxes, int height, int width) =>
        boxes.Select(b => b.Length == 4
            ? PolygonRasterizer.FromBbox(b, height, width)
            : throw new ArgumentException($"A box is [x, y, w, h]; got {b.Length} values.", nameof(boxes))).ToArray();

    /// <summary>pycocotools' <c>frPyObjects</c> for an uncompressed RLE (<c>{"size": [h, w], "counts": [...]}</c>).</summary>
    public static Rle FromUncompressed(IReadOnlyList<uint> counts, int height, int width) => new(height, width, [.. counts]);

    /// <summary>
    /// One mask from a COCO segmentation, as pycocotools' <c>COCO.annToRLE</c>: the parts of a polygon
    /// segmentation are rasterized at the image size and merged (union); an RLE is taken as it is (its
    /// own size, not the image's).
    /// </summary>
    public static Rle FromSegmentation(Segmentation segmentation, int imageHeight, int imageWidth) => segmentation switch
    {
        PolygonSegmentation p when p.Polygons.Count == 0 => Rle.Empty(imageHeight, imageWidth),
        PolygonSegmentation p => RleOps.Merge(FromPolygons(p.Polygons, imageHeight, imageWidth)),
        RleSegmentation r => new Rle(r.Height, r.Width, r.Counts),
        _ => throw new ArgumentException($"Unknown segmentation kind {segmentation.GetType().Name}.", nameof(segmentation)),
    };

    /// <summary>The dataset record for an RLE (runs shared, not copied).</summary>
    public static RleSegmentation ToSegmentation(Rle rle) => new(rle.Height, rle.Width, rle.Counts);
}
