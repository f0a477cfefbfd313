using Detect.Datasets;

namespace Detect.Runtime.Tests.Datasets;

/// <summary>CocoDataset as MMDetection's: class selection, parse_data_info and filter_data.</summary>
public class CocoDatasetTests
{
    private static CocoDataset Load(TempFolder dir, IReadOnlyList<string>? classes = null, bool filterEmptyGt = false, int minSize = 0, bool testMode = false) =>
        new(Path.GetFileName(dir.Write("ann/train.json", CocoJson.File())) is var _ ? "ann/train.json" : "",
            dataRoot: dir.Root, dataPrefix: "images", classes: classes, filterEmptyGt: filterEmptyGt, minSize: minSize, testMode: testMode);

    [Fact]
    public void ParsesInstancesAsMmdetection()
    {
        using var dir = new TempFolder();
        var ds = Load(dir);
        Assert.Equal(["cat", "dog", "bird"], ds.Metainfo.Classes);
        Assert.Equal(4, ds.Count);
        var a = ds[0];
        Assert.Equal((10L, Path.Combine(dir.Root, "images", "a.jpg"), 80, 100), (a.ImgId, a.ImgPath, a.Height, a.Width));
        // Annotation 5 (width 0.5) and 6 (ignore) are dropped; the crowd dog stays as an ignored instance.
        Assert.Equal([1L, 2], a.Instances.Select(i => i.AnnotationId));
        Assert.Equal([10f, 20, 40, 60], a.Instances[0].Bbox);
        Assert.Equal((0, false), (a.Instances[0].BboxLabel, a.Instances[0].IgnoreFlag));
        Assert.Equal((1, true), (a.Instances[1].BboxLabel, a.Instances[1].IgnoreFlag));
        Assert.IsType<PolygonSegmentation>(a.Instances[0].Mask);
        Assert.IsType<RleSegmentation>(a.Instances[1].Mask);
        Assert.Equal(2, ds[1].Instances[0].BboxLabel);
        Assert.Equal(1, ds.Report.DegenerateBoxes);
        Assert.Equal(1, ds.Report.IgnoredAnnotations);
    }

    [Fact]
    public void ClassesPickAndOrderCategories()
    {
        using var dir = new TempFolder();
        var ds = Load(dir, classes: ["bird", "cat"]);
        Assert.Equal(["bird", "cat"], ds.Metainfo.Classes);
        Assert.Equal([9L, 3], ds.Selection.CatIds);
        Assert.Equal(1, ds[0].Instances.Single().BboxLabel);       // the cat; the dog crowd is not selected
        Assert.Equal(0, ds[1].Instances.Single().BboxLabel);       // the bird
        Assert.Equal(1, ds.Report.UnselectedCategoryAnnotations);
    }

    [Fact]
    public void CategoryIdLabelsAreTorchvisionsLabelsMinusOne()
    {
        using var dir = new TempFolder();
        string[] byId = ["N/A", "N/A", "cat", "N/A", "N/A", "N/A", "dog", "N/A", "bird"];
        var ds = new CocoDataset(dir.Write("ann/train.json", CocoJson.File()), classes: byId, categoryIdLabels: true);
        Assert.Equal(byId, ds.Metainfo.Classes);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9], ds.Selection.CatIds);
        Assert.Equal([2, 6], ds[0].Instances.Select(i => i.BboxLabel));   // the cat (id 3) and the dog crowd (id 7)
        Assert.Equal(8, ds[1].Instances.Single().BboxLabel);              // the bird (id 9)

        // A list that disagrees with the file's ids is an error naming the category, never a silent relabelling.
        var moved = Assert.Throws<ArgumentException>(() => new CocoDataset(dir.Write("ann/b.json", CocoJson.File()),
            classes: ["N/A", "cat", "N/A", "N/A", "N/A", "N/A", "dog", "N/A", "bird"], categoryIdLabels: true));
        Assert.EndsWith("category 3 is 'cat' in the file but 'N/A' in 'classes'.", moved.Message);
        var short8 = Assert.Throws<ArgumentException>(() => new CocoDataset(dir.Write("ann/c.json", CocoJson.File()),
            classes: byId[..8], categoryIdLabels: true));
        Assert.EndsWith("category 9 ('bird') is outside the 8 ids that 'classes' names.", short8.Message);
        var extra = Assert.Throws<ArgumentException>(() => new CocoDataset(dir.Write("ann/d.json", CocoJson.File()),
            classes: [.. byId, "fish"], categoryIdLabels: true));
        Assert.EndsWith("'classes' names categories the file lacks: 10 'fish'.", extra.Message);
        Assert.Throws<ArgumentException>(() => new CocoDataset(dir.Write("ann/e.json", CocoJson.File()), categoryIdLabels: true));
    }

    [Fact]
    public void ClassesTheFileLacksFailInsteadOfTrainingOnNothing()
    {
        using var dir = new TempFolder();
        var none = Assert.Throws<ArgumentException>(() => Load(dir, classes: ["person", "car"]));
        Assert.Contains("none of the requested classes", none.Message);
        Assert.Contains("'person', 'car'", none.Message);
        Assert.Contains("'cat', 'dog', 'bird'", none.Message);
        var some = Assert.Throws<ArgumentException>(() => Load(dir, classes: ["cat", "car"]));
        Assert.Contains("1 of 2 requested classes are not among", some.Message);
        Assert.Throws<ArgumentException>(() => Load(dir, classes: []));
        Assert.Throws<ArgumentException>(() => Load(dir, classes: ["cat", "cat"]));
        string noCategories = dir.Write("empty.json", CocoJson.File(annotations: "[]", categories: "[]"));
        Assert.Contains("no categories", Assert.Throws<ArgumentException>(() => new CocoDataset(noCategories)).Message);
    }

    [Fact]
    public void FilterEmptyGtKeepsImagesWithAnyAnnotationOfASelectedClass()
    {
        using var dir = new TempFolder();
        // Image 12 has only a crowd cat: MMDetection keeps it (its category map counts crowds). Image 13 has nothing.
        var ds = Load(dir, filterEmptyGt: true);
        Assert.Equal([10L, 11, 12], ds.Select(d => d.ImgId));
        Assert.Equal(1, ds.Report.ImagesWithoutSelectedAnnotations);
        var birds = Load(dir, classes: ["bird"], filterEmptyGt: true);
        Assert.Equal([11L], birds.Select(d => d.ImgId));
    }

    [Fact]
    public void MinSizeDropsSmallImagesButNotInTestMode()
    {
        using var dir = new TempFolder();
        var ds = Load(dir, minSize: 32);
        Assert.Equal([10L, 12, 13], ds.Select(d => d.ImgId));
        Assert.Equal(1, ds.Report.ImagesBelowMinSize);
        Assert.Equal(4, Load(dir, filterEmptyGt: true, minSize: 32, testMode: true).Count);
        Assert.Contains("1 images smaller than minSize", ds.Report.ToString());
    }

    [Fact]
    public void SkipInvalidIsPassedThroughAndReported()
    {
        using var dir = new TempFolder();
        string annotations = CocoJson.Annotations.TrimEnd().TrimEnd(']') + """, {"id": 50, "image_id": 10, "category_id": 3, "bbox": [1, 1, -5, 5], "area": 1}]""";
        string path = dir.Write("bad.json", CocoJson.File(annotations));
        Assert.Throws<CocoFormatException>(() => new CocoDataset(path));
        var ds = new CocoDataset(path, skipInvalid: true);
        Assert.Equal("annotation id 50", ds.Report.SkippedRecords.Single().Record);
        Assert.StartsWith("left out: 1 malformed records skipped", ds.Report.ToString());
        Assert.Equal([1L, 2], ds[0].Instances.Select(i => i.AnnotationId));
    }
}
