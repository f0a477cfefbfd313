using Detect.Data;
using Detect.Datasets;

namespace Detect.Runtime.Tests.Data;

public sealed class ShapesDatasetTests
{
    static readonly ShapesDatasetOptions Small = new(ImageWidth: 48, ImageHeight: 40, MinShapes: 1, MaxShapes: 3, MinSize: 8, MaxSize: 30, Seed: 11);

    [Fact]
    public void Generation_is_deterministic_and_reused()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var first = ShapesDataset.Generate(a.Root, "train", 6, Small);
        var second = ShapesDataset.Generate(b.Root, "train", 6, Small);
        Assert.True(first.Generated);
        Assert.Equal(File.ReadAllBytes(first.AnnFile), File.ReadAllBytes(second.AnnFile));
        foreach (var file in Directory.GetFiles(first.ImageDir))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(second.ImageDir, Path.GetFileName(file))));
        Assert.False(ShapesDataset.Generate(a.Root, "train", 6, Small).Generated);
        Assert.True(ShapesDataset.Generate(a.Root, "train", 6, Small with { Seed = 12 }).Generated);
        // Each split draws from its own stream.
        var val = ShapesDataset.Generate(b.Root, "val", 6, Small);
        Assert.NotEqual(File.ReadAllBytes(first.AnnFile), File.ReadAllBytes(val.AnnFile));
    }

    [Fact]
    public void Annotations_describe_real_jpegs_with_boxes_and_polygons_inside_the_image()
    {
        using var folder = new TempFolder();
        var split = ShapesDataset.Generate(folder.Root, "val", 30, Small);
        var dataset = new CocoDataset(split.AnnFile, "", split.ImageDir, classes: ShapesDataset.Classes, testMode: true);
        Assert.Equal(30, dataset.Count);
        Assert.Equal(ShapesDataset.Classes, dataset.Metainfo.Classes);
        var labels = new HashSet<int>();
        foreach (var info in dataset)
        {
            Assert.Equal((40, 48), (info.Height, info.Width));
            var bytes = File.ReadAllBytes(info.ImgPath);
            Assert.Equal([0xFF, 0xD8], bytes[..2]);
            Assert.InRange(info.Instances.Count, 1, 3);
            foreach (var instance in info.Instances)
            {
                labels.Add(instance.BboxLabel);
                var b = instance.Bbox;
                Assert.True(b[0] >= 0 && b[1] >= 0 && b[2] <= 48 && b[3] <= 40 && b[2] - b[0] >= 4 && b[3] - b[1] >= 4, string.Join(", ", b));
                var polygon = Assert.IsType<PolygonSegmentation>(instance.Mask).Polygons.Single();
                Assert.Equal(instance.BboxLabel switch { 0 => 64, 1 => 8, _ => 6 }, polygon.Length);
            }
        }
        Assert.Equal([0, 1, 2], labels.Order());
    }
}
