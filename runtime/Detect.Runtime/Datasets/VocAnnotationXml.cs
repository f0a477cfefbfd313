using System.Globalization;
using System.Xml.Linq;

namespace Detect.Datasets;

/// <summary>
/// One Pascal VOC annotation file (<c>Annotations/&lt;id&gt;.xml</c>) read as MMDetection's <c>XMLDataset.parse_data_info</c>:
/// the image size from <c>size</c>, one instance per <c>object</c> of a selected class, boxes
/// <c>int(float(x)) − 1</c> (VOC's 1-based pixels), <c>difficult</c> objects flagged to ignore.
/// </summary>
public static class VocAnnotationXml
{
    /// <summary>Parses <paramref name="xmlPath"/> into the record of image <paramref name="imgId"/> at <paramref name="imgPath"/>.</summary>
    /// <exception cref="FormatException">A missing or malformed element, naming the file.</exception>
    public static DataInfo Parse(string xmlPath, long imgId, string imgPath, IReadOnlyList<string> classes)
    {
        if (!File.Exists(xmlPath)) throw new FileNotFoundException($"VOC annotation file {xmlPath} does not exist.", xmlPath);
        XElement root;
        try { root = XDocument.Load(xmlPath).Root ?? throw new FormatException("no root element"); }
        catch (System.Xml.XmlException e) { throw new FormatException($"{xmlPath}: not well-formed XML: {e.Message}", e); }
        var size = root.Element("size") ?? throw new FormatException($"{xmlPath}: annotation has no <size> (width, height).");
        int width = (int)Number(size, "width", xmlPath), height = (int)Number(size, "height", xmlPath);
        var instances = new List<InstanceInfo>();
        foreach (var obj in root.Elements("object"))
        {
            string name = obj.Element("name")?.Value.Trim() ?? throw new FormatException($"{xmlPath}: an <object> has no <name>.");
            int label = IndexOf(classes, name);
            if (label < 0) continue;
            bool difficult = obj.Element("difficult") is { } d && int.Parse(d.Value.Trim(), CultureInfo.InvariantCulture) != 0;
            var box = obj.Element("bndbox") ?? throw new FormatException($"{xmlPath}: object '{name}' has no <bndbox>.");
            float[] bbox = [.. new[] { "xmin", "ymin", "xmax", "ymax" }.Select(k => (float)((int)Number(box, k, xmlPath) - 1))];
            instances.Add(new InstanceInfo(bbox, label, difficult, null, instances.Count));
        }
        return new DataInfo(imgId, imgPath, height, width, instances);
    }

    static int IndexOf(IReadOnlyList<string> classes, string name)
    {
        for (int i = 0; i < classes.Count; i++)
            if (classes[i] == name) return i;
        return -1;
    }

    static double Number(XElement parent, string name, string xmlPath) =>
        parent.Element(name) is { } e && double.TryParse(e.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"{xmlPath}: <{parent.Name}> has no numeric <{name}>.");
}
