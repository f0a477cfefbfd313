using System.Globalization;
using System.Xml.Linq;

namespace Detect.Datasets.Converters;

/// <summary>
/// Pascal VOC XML annotations → COCO (MMDetection's tools/dataset_converters/pascal_voc.py): one image
/// per XML file, "difficult" objects as crowd (ignored) boxes, VOC's 1-based pixel coordinates shifted
/// by −1, file names under JPEGImages/.
/// </summary>
public static class VocToCoco
{
    /// <summary>The 20 Pascal VOC classes, MMDetection's order.</summary>
    public static IReadOnlyList<string> VocClasses { get; } =
    [
        "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow", "diningtable", "dog",
        "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
    ];

    /// <summary>Converts a VOC year folder (with Annotations/, ImageSets/Main/, JPEGImages/).</summary>
    /// <param name="vocRoot">E.g. VOCdevkit/VOC2007.</param>
    /// <param name="split">Image set name (ImageSets/Main/{split}.txt); null for every XML file in Annotations/.</param>
    /// <param name="classes">Class order; null for the 20 VOC classes when every name is one of them, else order of first appearance.</param>
    /// <returns>The builder, ready to <see cref="CocoBuilder.Save"/>.</returns>
    /// <exception cref="FormatException">An XML file that lacks a size or box field, or has an unknown class.</exception>
    public static CocoBuilder Convert(string vocRoot, string? split = null, IReadOnlyList<string>? classes = null)
    {
        string annotations = Path.Combine(vocRoot, "Annotations");
        if (!Directory.Exists(annotations)) throw new DirectoryNotFoundException($"No Annotations folder in {vocRoot}.");
        var ids = split is null
            ? Directory.GetFiles(annotations, "*.xml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList()
            : File.ReadAllLines(Path.Combine(vocRoot, "ImageSets", "Main", split + ".txt")).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var documents = ids.Select(id => (Path: Path.Combine(annotations, id + ".xml"), Xml: XDocument.Load(Path.Combine(annotations, id + ".xml")))).ToList();
        classes ??= documents.SelectMany(d => d.Xml.Root!.Elements("object").Select(o => o.Element("name")?.Value.Trim())).All(n => n is not null && VocClasses.Contains(n))
            ? VocClasses
            : null;
        var builder = new CocoBuilder(classes);
        foreach (var (path, xml) in documents)
        {
            var root = xml.Root!;
            string fileName = root.Element("filename")?.Value.Trim() is { Length: > 0 } f ? f : Path.GetFileNameWithoutExtension(path) + ".jpg";
            var size = root.Element("size") ?? throw new FormatException($"{path}: no <size>.");
            long imageId = builder.AddImage("JPEGImages/" + fileName, (int)Number(size, "width", path), (int)Number(size, "height", path));
            int index = 0;
            foreach (var obj in root.Elements("object"))
            {
                string where = $"{path}: object {index++}";
                string name = obj.Element("name")?.Value.Trim() ?? throw new FormatException($"{where}: no <name>.");
                bool difficult = obj.Element("difficult") is { } d && d.Value.Trim() == "1";
                var box = obj.Element("bndbox") ?? throw new FormatException($"{where}: no <bndbox>.");
                builder.AddBox(imageId, name, Number(box, "xmin", where) - 1, Number(box, "ymin", where) - 1,
                    Number(box, "xmax", where) - 1, Number(box, "ymax", where) - 1, difficult, where);
            }
        }
        return builder;
    }

    private static double Number(XElement parent, string name, string where) =>
        double.TryParse(parent.Element(name)?.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new FormatException($"{where}: <{name}> is missing or not a number.");
}
