using System.Globalization;
using System.Xml.Linq;
using Detect.Data;
using Detect.Datasets;

namespace Detect.Engine.TestKit;

/// <summary>
/// A shapes split written as a Pascal VOC tree for the VOC dataset tests: <c>VOC2007/ImageSets/Main/NAME.txt</c>,
/// <c>Annotations/*.xml</c> and <c>JPEGImages/*.jpg</c>, boxes in VOC's 1-based pixels (xmin = floor(x1) + 1).
/// </summary>
public static class ShapesVoc
{
    /// <summary>Writes <paramref name="split"/> under <paramref name="root"/> as the image set <paramref name="name"/>.</summary>
    /// <param name="split">The COCO-format shapes split to convert.</param>
    /// <param name="root">The VOCdevkit folder (VOC2007/ is made inside it).</param>
    /// <param name="name">The image set, e.g. <c>train</c>.</param>
    /// <param name="prefixIds">Prefix the image ids with the set's name, so several sets share one tree.</param>
    /// <param name="unknownObject">Add to every image an object of a class outside the dataset, with no box (which VOCDataset must drop).</param>
    public static void Write(ShapesSplit split, string root, string name, bool prefixIds = false, bool unknownObject = false)
    {
        string voc = Path.Combine(root, "VOC2007");
        foreach (var folder in new[] { "ImageSets/Main", "Annotations", "JPEGImages" }) Directory.CreateDirectory(Path.Combine(voc, folder));
        var coco = new CocoDataset(split.AnnFile, "", split.ImageDir, ShapesDataset.Classes, testMode: true);
        var ids = new List<string>();
        foreach (var info in coco)
        {
            string id = (prefixIds ? name + "_" : "") + Path.GetFileNameWithoutExtension(info.ImgPath);
            ids.Add(id);
            File.Copy(info.ImgPath, Path.Combine(voc, "JPEGImages", id + ".jpg"), overwrite: true);
            new XElement("annotation",
                new XElement("filename", id + ".jpg"),
                new XElement("size", new XElement("width", info.Width), new XElement("height", info.Height), new XElement("depth", 3)),
                info.Instances.Select(x => new XElement("object",
                    new XElement("name", ShapesDataset.Classes[x.BboxLabel]),
                    new XElement("difficult", 0),
                    new XElement("bndbox", new XElement("xmin", Pixel(x.Bbox[0])), new XElement("ymin", Pixel(x.Bbox[1])),
                        new XElement("xmax", Pixel(x.Bbox[2])), new XElement("ymax", Pixel(x.Bbox[3]))))),
                unknownObject ? new XElement("object", new XElement("name", "not-a-shape"), new XElement("bndbox")) : null)
                .Save(Path.Combine(voc, "Annotations", id + ".xml"));
        }
        File.WriteAllLines(Path.Combine(voc, "ImageSets", "Main", name + ".txt"), ids);
    }

    static string Pixel(float v) => ((int)MathF.Floor(v) + 1).ToString(CultureInfo.InvariantCulture);
}
