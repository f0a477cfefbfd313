namespace Detect.Datasets;

/// <summary>
/// One image's COCO annotations → <see cref="DataInfo"/> (MMDetection's <c>CocoDataset.parse_data_info</c>),
/// counting what it drops in <see cref="Report"/>.
/// </summary>
internal sealed class CocoDataInfoParser(ClassSelection selection, string imageFolder)
{
    public CocoDatasetReport Report { get; private set; } = new();

    public DataInfo Parse(CocoImage image, IReadOnlyList<CocoAnnotation> annotations, string annFile)
    {
        if (string.IsNullOrEmpty(image.FileName))
            throw new CocoFormatException(annFile, $"image id {image.Id}", "no 'file_name'");
        var instances = new List<InstanceInfo>(annotations.Count);
        foreach (var a in annotations)
        {
            var instance = ParseInstance(a, image);
            if (instance is not null) instances.Add(instance);
        }
        return new DataInfo(image.Id, Path.Combine(imageFolder, image.FileName), image.Height, image.Width, instances);
    }

    private InstanceInfo? ParseInstance(CocoAnnotation a, CocoImage image)
    {
        if (a.Ignore)
        {
            Report = Report with { IgnoredAnnotations = Report.IgnoredAnnotations + 1 };
            return null;
        }
        double x1 = a.Bbox[0], y1 = a.Bbox[1], w = a.Bbox[2], h = a.Bbox[3];
        double interW = Math.Max(0, Math.Min(x1 + w, image.Width) - Math.Max(x1, 0));
        double interH = Math.Max(0, Math.Min(y1 + h, image.Height) - Math.Max(y1, 0));
        if (interW * interH == 0)
        {
            Report = Report with { BoxesOutsideImage = Report.BoxesOutsideImage + 1 };
            return null;
        }
        if (a.Area <= 0 || w < 1 || h < 1)
        {
            Report = Report with { DegenerateBoxes = Report.DegenerateBoxes + 1 };
            return null;
        }
        if (selection.LabelOf(a.CategoryId) is not int label)
        {
            Report = Report with { UnselectedCategoryAnnotations = Report.UnselectedCategoryAnnotations + 1 };
            return null;
        }
        // MMDetection keeps a mask only when the segmentation is non-empty.
        var mask = a.Segmentation is PolygonSegmentation { Polygons.Count: 0 } ? null : a.Segmentation;
        float[] bbox = [(float)x1, (float)y1, (float)(x1 + w), (float)(y1 + h)];
        return new InstanceInfo(bbox, label, a.IsCrowd, mask, a.Id);
    }
}
