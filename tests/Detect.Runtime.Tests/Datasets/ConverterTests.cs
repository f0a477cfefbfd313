using Detect.Datasets;
using Detect.Datasets.Converters;
using SkiaSharp;

namespace Detect.Runtime.Tests.Datasets;

/// <summary>convert-dataset's converters: Pascal VOC XML and CSV boxes → COCO files that load back.</summary>
public class ConverterTests
{
    private static string Voc(string file, int w, int h, params (string Name, int Difficult, int X1, int Y1, int X2, int Y2)[] objects) => $"""
        <annotation><filename>{file}</filename><size><width>{w}</width><height>{h}</height><depth>3</depth></size>
        {string.Concat(objects.Select(o => $"<object><name>{o.Name}</name><difficult>{o.Difficult}</difficult><bndbox><xmin>{o.X1}</xmin><ymin>{o.Y1}</ymin><xmax>{o.X2}</xmax><ymax>{o.Y2}</ymax></bndbox></object>"))}
        </annotation>
        """;

    [Fact]
    public void VocXmlBecomesCocoWithDifficultAsCrowdAndZeroBasedBoxes()
    {
        using var dir = new TempFolder();
        dir.Write("VOC2007/Annotations/000005.xml", Voc("000005.jpg", 500, 375, ("chair", 0, 263, 211, 324, 339), ("chair", 1, 5, 244, 67, 374)));
        dir.Write("VOC2007/Annotations/000007.xml", Voc("000007.jpg", 500, 333, ("car", 0, 141, 50, 500, 330)));
        dir.Write("VOC2007/Annotations/000009.xml", Voc("000009.jpg", 500, 375, ("horse", 0, 69, 172, 270, 330)));
        dir.Write("VOC2007/ImageSets/Main/test.txt", "000007\n000005\n");
        string output = Path.Combine(dir.Root, "voc_test.json");
        VocToCoco.Convert(Path.Combine(dir.Root, "VOC2007"), "test").Save(output);

        var coco = CocoAnnotationFile.Load(output);
        Assert.Equal(["JPEGImages/000007.jpg", "JPEGImages/000005.jpg"], coco.Images.Select(i => i.FileName));
        Assert.Equal(VocToCoco.VocClasses, coco.Categories.Select(c => c.Name));
        Assert.Equal([1L, 2, 3], coco.Annotations.Select(a => a.Id));
        var car = coco.Annotations[0];
        Assert.Equal((1L, 7L), (car.ImageId, car.CategoryId)); // car is VOC class 6 → id 7
        Assert.Equal([140.0, 49, 359, 280], car.Bbox);
        Assert.Equal(359.0 * 280, car.Area);
        Assert.Equal([false, false, true], coco.Annotations.Select(a => a.IsCrowd));
        Assert.Equal(3, VocToCoco.Convert(Path.Combine(dir.Root, "VOC2007")).ImageCount);
    }

    [Fact]
    public void VocClassesOutsideTheGivenListAreNamed()
    {
        using var dir = new TempFolder();
        dir.Write("V/Annotations/a.xml", Voc("a.jpg", 10, 10, ("unicorn", 0, 1, 1, 5, 5)));
        var e = Assert.Throws<FormatException>(() => VocToCoco.Convert(Path.Combine(dir.Root, "V"), classes: ["horse"]));
        Assert.Contains("a.xml: object 0", e.Message);
        Assert.Contains("'unicorn'", e.Message);
        // Without a list, names outside VOC's 20 get ids in order of first appearance.
        string output = Path.Combine(dir.Root, "a.json");
        VocToCoco.Convert(Path.Combine(dir.Root, "V")).Save(output);
        Assert.Equal(["unicorn"], CocoAnnotationFile.Load(output).Categories.Select(c => c.Name));
    }

    [Fact]
    public void CsvRowsBecomeCocoWithSizesFromColumnsOrImageHeaders()
    {
        using var dir = new TempFolder();
        using (var bitmap = new SKBitmap(37, 21))
        using (var file = File.Create(Path.Combine(dir.Root, "small.png")))
            bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
        string csv = dir.Write("boxes.csv", """
            image,x1,y1,x2,y2,class,width,height
            big.jpg,10,20,110,70,dog,640,480
            big.jpg,0.5,1.5,2.5,9.5,cat,640,480
            small.png,1,2,3,4,dog,,
            empty.jpg,,,,,,50,60
            """);
        string output = Path.Combine(dir.Root, "csv.json");
        CsvToCoco.Convert(csv).Save(output);

        var coco = CocoAnnotationFile.Load(output);
        Assert.Equal([("big.jpg", 640, 480), ("small.png", 37, 21), ("empty.jpg", 50, 60)], coco.Images.Select(i => (i.FileName, i.Width, i.Height)));
        Assert.Equal(["dog", "cat"], coco.Categories.Select(c => c.Name));
        Assert.Equal([10.0, 20, 100, 50], coco.Annotations[0].Bbox);
        Assert.Equal([0.5, 1.5, 2, 8], coco.Annotations[1].Bbox);
        Assert.Equal([1L, 2, 1], coco.Annotations.Select(a => a.CategoryId));
        Assert.Empty(coco.AnnotationsOf(3));
    }

    [Theory]
    [InlineData("a.jpg,1,2,3,4,dog,9,9\nb.jpg,5,5,1,9,dog,9,9", "line 2", "x2 < x1")]
    [InlineData("a.jpg,1,two,3,4,dog,9,9", "line 1", "y1 'two' is not a number")]
    [InlineData("a.jpg,1,2,3,4", "line 1", "expected 6 fields")]
    [InlineData("a.jpg,1,2,3,4,cow,9,9", "line 1", "'cow' is not among the given classes")]
    [InlineData("missing.jpg,1,2,3,4,dog", "line 1", "not found")]
    public void BadCsvRowsNameTheLine(string text, string line, string problem)
    {
        using var dir = new TempFolder();
        string csv = dir.Write("bad.csv", text);
        var e = Assert.ThrowsAny<Exception>(() => CsvToCoco.Convert(csv, classes: ["dog"]));
        Assert.Contains($"bad.csv: {line}", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
