namespace Detect.Datasets.Converters;

/// <summary>
/// Collects images and boxes from another format into COCO records: ids from 1 (pycocotools treats a
/// match to annotation id 0 as no match), categories in a fixed class order, [x, y, w, h] boxes.
/// </summary>
public sealed class CocoBuilder
{
    private readonly List<CocoImage> _images = [];
    private readonly List<CocoAnnotation> _annotations = [];
    private readonly List<string> _classes;
    private readonly bool _fixedClasses;

    /// <param name="classes">The classes in category-id order; null to add them in order of first appearance.</param>
    public CocoBuilder(IReadOnlyList<string>? classes = null)
    {
        _classes = classes?.ToList() ?? [];
        _fixedClasses = classes is not null;
        var duplicate = _classes.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Class '{duplicate.Key}' is listed twice.", nameof(classes));
    }

    /// <summary>Adds an image and returns its id.</summary>
    public long AddImage(string fileName, int width, int height)
    {
        long id = _images.Count + 1;
        _images.Add(new CocoImage(id, fileName, width, height));
        return id;
    }

    /// <summary>Adds an xyxy box of class <paramref name="className"/>; <paramref name="where"/> names the source record in errors.</summary>
    /// <exception cref="FormatException">An inverted box, or a class outside a fixed class list.</exception>
    public void AddBox(long imageId, string className, double x1, double y1, double x2, double y2, bool isCrowd, string where)
    {
        if (x2 < x1 || y2 < y1)
            throw new FormatException($"{where}: box ({x1}, {y1}, {x2}, {y2}) has x2 < x1 or y2 < y1.");
        int index = _classes.IndexOf(className);
        if (index < 0)
        {
            if (_fixedClasses)
                throw new FormatException($"{where}: class '{className}' is not among the given classes ({string.Join(", ", _classes)}).");
            _classes.Add(className);
            index = _classes.Count - 1;
        }
        double w = x2 - x1, h = y2 - y1;
        _annotations.Add(new CocoAnnotation(_annotations.Count + 1, imageId, index + 1, [x1, y1, w, h], w * h, isCrowd));
    }

    /// <summary>Number of images added.</summary>
    public int ImageCount => _images.Count;

    /// <summary>Number of boxes added.</summary>
    public int AnnotationCount => _annotations.Count;

    /// <summary>Writes the COCO file.</summary>
    public void Save(string path) =>
        CocoJsonWriter.Save(path, _images, _classes.Select((name, i) => new CocoCategory(i + 1, name)), _annotations);
}
