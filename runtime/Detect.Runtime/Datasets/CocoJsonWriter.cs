using System.Text.Encodings.Web;
using System.Text.Json;

namespace Detect.Datasets;

/// <summary>Writes a COCO annotation file (images, categories, annotations) that <see cref="CocoAnnotationFile.Load"/> and pycocotools read.</summary>
public static class CocoJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the file, creating its folder.</summary>
    public static void Save(string path, IEnumerable<CocoImage> images, IEnumerable<CocoCategory> categories, IEnumerable<CocoAnnotation> annotations)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        WriteList(w, "images", images, i =>
        {
            w.WriteNumber("id", i.Id);
            w.WriteString("file_name", i.FileName);
            w.WriteNumber("width", i.Width);
            w.WriteNumber("height", i.Height);
        });
        WriteList(w, "categories", categories, c =>
        {
            w.WriteNumber("id", c.Id);
            w.WriteString("name", c.Name);
            if (c.Supercategory is not null) w.WriteString("supercategory", c.Supercategory);
        });
        WriteList(w, "annotations", annotations, a =>
        {
            w.WriteNumber("id", a.Id);
            w.WriteNumber("image_id", a.ImageId);
            w.WriteNumber("category_id", a.CategoryId);
            w.WriteStartArray("bbox");
            foreach (double v in a.Bbox) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteNumber("area", a.Area);
            w.WriteNumber("iscrowd", a.IsCrowd ? 1 : 0);
            if (a.Ignore) w.WriteNumber("ignore", 1);
            if (a.Segmentation is not null)
            {
                w.WritePropertyName("segmentation");
                SegmentationJson.Write(w, a.Segmentation);
            }
        });
        w.WriteEndObject();
    }

    /// <summary>Writes <c>"name": [{...}, ...]</c>, one object per item.</summary>
    private static void WriteList<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<T> writeFields)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            writeFields(item);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
