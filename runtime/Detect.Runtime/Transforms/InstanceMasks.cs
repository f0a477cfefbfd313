using Detect.Datasets;
using Detect.Masks;

namespace Detect.Transforms;

/// <summary>Turns a record's segmentations into bitmap masks at the decoded image size (LoadAnnotations' masks).</summary>
internal static class InstanceMasks
{
    /// <summary>
    /// One mask per instance, in order. Invalid polygon lists (no polygon with at least three points)
    /// give an empty mask and set the instance's ignore flag, as MMDetection's <c>_process_masks</c>.
    /// </summary>
    public static BitmapMasks Load(DataInfo info, (int Height, int Width) shape, bool[] ignoreFlags)
    {
        var (h, w) = shape;
        int size = h * w;
        var data = new byte[info.Instances.Count * size];
        for (int i = 0; i < info.Instances.Count; i++)
        {
            var instance = info.Instances[i];
            var target = data.AsSpan(i * size, size);
            switch (instance.Mask)
            {
                case null:
                    throw new BadSampleException(info.ImgPath, "has no segmentation but masks were requested (LoadAnnotations(withMask: true))", instance.AnnotationId);
                case PolygonSegmentation polygons:
                    var valid = polygons.Polygons.Where(p => p.Length % 2 == 0 && p.Length >= 6).ToList();
                    if (valid.Count == 0) ignoreFlags[i] = true;
                    else Rasterize(new PolygonSegmentation(valid), h, w, target, info.ImgPath, instance.AnnotationId);
                    break;
                case RleSegmentation rle:
                    if (rle.Height != h || rle.Width != w)
                        throw new BadSampleException(info.ImgPath,
                            $"RLE mask is {rle.Height}×{rle.Width} but the image is {h}×{w}", instance.AnnotationId);
                    Rasterize(rle, h, w, target, info.ImgPath, instance.AnnotationId);
                    break;
                default:
                    throw new BadSampleException(info.ImgPath, $"unsupported segmentation {instance.Mask.GetType().Name}", instance.AnnotationId);
            }
        }
        return new BitmapMasks(info.Instances.Count, h, w, data);
    }

    /// <summary>
    /// pycocotools' decode of a segmentation at h×w into row-major 0/1 bytes (MMDetection's
    /// <c>_poly2mask</c>: polygons rasterized and merged, RLE decoded), through <see cref="MaskApi"/>.
    /// </summary>
    static void Rasterize(Segmentation segmentation, int h, int w, Span<byte> target, string imgPath, long annotationId)
    {
        try
        {
            RleEncoding.DecodeRowMajor(MaskApi.FromSegmentation(segmentation, h, w)).CopyTo(target);
        }
        catch (ArgumentException e)
        {
            throw new BadSampleException(imgPath, $"invalid segmentation: {e.Message}", annotationId, e);
        }
    }
}
