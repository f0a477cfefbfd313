using Detect.Datasets;

namespace Detect.Transforms;

/// <summary>
/// Reads the sample's instances from its <see cref="DataInfo"/> (MMDetection's <c>LoadAnnotations</c>):
/// boxes (xyxy float32), labels, ignore flags and, with <c>withMask</c>, masks rasterized at the
/// decoded image size. Boxes are those of the record, in original-image pixels: in a test pipeline
/// that resizes first, they stay in original coordinates, as in MMDetection.
/// </summary>
/// <remarks>
/// A malformed instance (a box without four finite numbers or with x2 &lt; x1 or y2 &lt; y1, a
/// negative label, a mask whose size differs from the image) raises <see cref="BadSampleException"/>
/// naming the file and annotation id. As in MMDetection, an instance whose polygons are all invalid
/// (fewer than three points) is kept with an empty mask and the ignore flag set.
/// </remarks>
public sealed class LoadAnnotations : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="withBbox">Load boxes (required: every detector needs them).</param>
    /// <param name="withLabel">Load labels (required).</param>
    /// <param name="withMask">Load instance masks.</param>
    /// <param name="poly2mask">Rasterize polygons (the only mask form the pipeline carries).</param>
    public LoadAnnotations(bool withBbox = true, bool withLabel = true, bool withMask = false, bool poly2mask = true)
    {
        if (!withBbox || !withLabel)
            throw new ArgumentException("LoadAnnotations always loads boxes and labels (withBbox and withLabel must be true).");
        if (!poly2mask)
            throw new ArgumentException("Only bitmap masks are supported (poly2mask must be true).", nameof(poly2mask));
        WithMask = withMask;
    }

    /// <summary>Whether masks are loaded.</summary>
    public bool WithMask { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("withBbox", true), ("withLabel", true), ("withMask", WithMask), ("poly2mask", true)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        var info = input.Info;
        int n = info.Instances.Count;
        var boxes = new float[n * 4];
        var labels = new long[n];
        var ignore = new bool[n];
        for (int i = 0; i < n; i++)
        {
            var instance = info.Instances[i];
            CheckBox(info.ImgPath, instance);
            if (instance.BboxLabel < 0)
                throw new BadSampleException(info.ImgPath, $"label {instance.BboxLabel} is negative", instance.AnnotationId);
            Array.Copy(instance.Bbox, 0, boxes, 4 * i, 4);
            labels[i] = instance.BboxLabel;
            ignore[i] = instance.IgnoreFlag;
        }
        BitmapMasks? masks = null;
        if (WithMask) masks = InstanceMasks.Load(info, input.OriShape, ignore);
        return input with { Gt = new GtAnnotations(boxes, labels, ignore, masks) };
    }

    static void CheckBox(string imgPath, InstanceInfo instance)
    {
        var b = instance.Bbox;
        if (b is null || b.Length != 4)
            throw new BadSampleException(imgPath, $"bbox must have 4 numbers (x1, y1, x2, y2), got {b?.Length ?? 0}", instance.AnnotationId);
        if (!b.All(float.IsFinite))
            throw new BadSampleException(imgPath, $"bbox [{string.Join(", ", b)}] has a non-finite coordinate", instance.AnnotationId);
        if (b[2] < b[0] || b[3] < b[1])
            throw new BadSampleException(imgPath, $"bbox [{string.Join(", ", b)}] has x2 < x1 or y2 < y1", instance.AnnotationId);
    }
}
