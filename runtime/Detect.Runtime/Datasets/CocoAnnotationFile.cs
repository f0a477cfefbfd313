using System.Text.Json;

namespace Detect.Datasets;

/// <summary>
/// A COCO annotation file, read in one streaming pass (pycocotools' <c>COCO(annotation_file)</c>):
/// images, categories and annotations in file order, with an index from image to its annotations.
/// Every annotation refers to a known image and category and has a valid box and segmentation; what
/// happens to records that do not is set by <see cref="CocoLoadOptions"/>.
/// </summary>
public sealed class CocoAnnotationFile
{
    private readonly Dictionary<long, CocoImage> _images;
    private readonly Dictionary<long, CocoCategory> _categories;
    private readonly Dictionary<long, List<CocoAnnotation>> _byImage;

    internal CocoAnnotationFile(
        string path, List<CocoImage> images, List<CocoCategory> categories, List<CocoAnnotation> annotations,
        IReadOnlyList<CocoRecordIssue> skipped)
    {
        Path = path;
        Images = images;
        Categories = categories;
        Annotations = annotations;
        SkippedRecords = skipped;
        _images = images.ToDictionary(i => i.Id);
        _categories = categories.ToDictionary(c => c.Id);
        _byImage = new Dictionary<long, List<CocoAnnotation>>(images.Count);
        foreach (var a in annotations)
        {
            if (!_byImage.TryGetValue(a.ImageId, out var list)) _byImage[a.ImageId] = list = new List<CocoAnnotation>(4);
            list.Add(a);
        }
    }

    /// <summary>Where the file was read from (used in error messages).</summary>
    public string Path { get; }

    /// <summary>Images in file order.</summary>
    public IReadOnlyList<CocoImage> Images { get; }

    /// <summary>Categories in file order.</summary>
    public IReadOnlyList<CocoCategory> Categories { get; }

    /// <summary>Annotations in file order.</summary>
    public IReadOnlyList<CocoAnnotation> Annotations { get; }

    /// <summary>Records left out because <see cref="CocoLoadOptions.SkipInvalid"/> was set (empty otherwise).</summary>
    public IReadOnlyList<CocoRecordIssue> SkippedRecords { get; }

    /// <summary>The image with this id, or null.</summary>
    public CocoImage? FindImage(long id) => _images.GetValueOrDefault(id);

    /// <summary>The category with this id, or null.</summary>
    public CocoCategory? FindCategory(long id) => _categories.GetValueOrDefault(id);

    /// <summary>An image's annotations in file order (empty when it has none).</summary>
    public IReadOnlyList<CocoAnnotation> AnnotationsOf(long imageId) =>
        _byImage.TryGetValue(imageId, out var list) ? list : [];

    /// <summary>
    /// A copy with other annotations (same path, images and categories), as pycocotools users edit
    /// <c>dataset['annotations']</c> in place; MMDetection's COCO error analysis re-evaluates such variants.
    /// </summary>
    /// <exception cref="ArgumentException">An annotation refers to an image or category the file lacks.</exception>
    public CocoAnnotationFile WithAnnotations(IReadOnlyList<CocoAnnotation> annotations)
    {
        var unknown = annotations.FirstOrDefault(a => FindImage(a.ImageId) is null || FindCategory(a.CategoryId) is null);
        if (unknown is not null)
            throw new ArgumentException($"{Path}: annotation {unknown.Id} refers to image {unknown.ImageId} / category {unknown.CategoryId}, which the file lacks.", nameof(annotations));
        return new CocoAnnotationFile(Path, [.. Images], [.. Categories], [.. annotations], SkippedRecords);
    }

    /// <summary>Reads and checks a COCO annotation file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="CocoFormatException">Not valid JSON, or a malformed record (unless skipped).</exception>
    public static CocoAnnotationFile Load(string path, CocoLoadOptions? options = null)
    {
        options ??= CocoLoadOptions.Strict;
        if (!File.Exists(path)) throw new FileNotFoundException($"COCO annotation file not found: {path}", path);
        var sink = new CocoRecordSink(path, options.SkipInvalid);
        var images = new List<CocoImage>();
        var categories = new List<CocoCategory>();
        var drafts = new List<CocoJsonRecords.Draft<CocoAnnotation>>();
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using (var json = new JsonStreamReader(stream))
        {
            CocoJsonDocument.ReadTopLevelObject(json, path, (section, reader) =>
            {
                switch (section)
                {
                    case "images": CocoJsonDocument.ReadList(reader, path, "image", CocoJsonRecords.ParseImage, d => sink.Keep(d, "image", images)); return true;
                    case "categories": CocoJsonDocument.ReadList(reader, path, "category", CocoJsonRecords.ParseCategory, d => sink.Keep(d, "category", categories)); return true;
                    case "annotations": CocoJsonDocument.ReadList(reader, path, "annotation", CocoJsonRecords.ParseAnnotation, d => { drafts.Add(d); return d.Id; }); return true;
                    default: return false;
                }
            });
        }
        var annotations = CocoReferenceCheck.Check(drafts, images, categories, sink);
        return new CocoAnnotationFile(path, images, categories, annotations, sink.Skipped);
    }
}
