using Detect.Datasets;

namespace Detect.Runtime.Tests.Datasets;

/// <summary>Reading COCO annotation files: structure, segmentation forms, and malformed input.</summary>
public class CocoAnnotationFileTests
{
    [Fact]
    public void ReadsListsInFileOrderWhateverTheSectionOrder()
    {
        using var dir = new TempFolder();
        var file = CocoAnnotationFile.Load(dir.Write("ann.json", CocoJson.File()));
        Assert.Equal([10L, 11, 12, 13], file.Images.Select(i => i.Id));
        Assert.Equal(["cat", "dog", "bird"], file.Categories.Select(c => c.Name));
        Assert.Equal([1L, 2, 5, 6, 8, 9], file.Annotations.Select(a => a.Id));
        Assert.Equal([1L, 2, 5, 6], file.AnnotationsOf(10).Select(a => a.Id));
        Assert.Empty(file.AnnotationsOf(13));
        Assert.Equal(new CocoImage(11, "b.jpg", 50, 20), file.FindImage(11));
        var a = file.Annotations[0];
        Assert.Equal([10.0, 20, 30, 40], a.Bbox);
        Assert.Equal(900, a.Area);
        Assert.False(a.IsCrowd);
        Assert.True(file.Annotations[1].IsCrowd);
        Assert.True(file.Annotations[3].Ignore);
    }

    [Fact]
    public void ReadsPolygonsAndBothRleForms()
    {
        using var dir = new TempFolder();
        var file = CocoAnnotationFile.Load(dir.Write("ann.json", CocoJson.File()));
        var polygons = Assert.IsType<PolygonSegmentation>(file.Annotations[0].Segmentation);
        Assert.Equal(2, polygons.Polygons.Count);
        Assert.Equal([12.0, 22, 14, 22, 14, 24], polygons.Polygons[1]);
        var uncompressed = Assert.IsType<RleSegmentation>(file.Annotations[1].Segmentation);
        Assert.Equal((80, 100), (uncompressed.Height, uncompressed.Width));
        Assert.Equal([0u, 3, 77, 3, 7917], uncompressed.Counts);
        // "e01b010000000Omj0" is pycocotools' string for these runs of a 20×50 mask.
        var compressed = Assert.IsType<RleSegmentation>(file.Annotations[4].Segmentation);
        Assert.Equal([21u, 1, 18, 2, 18, 2, 18, 2, 18, 2, 18, 1, 879], compressed.Counts);
        Assert.Null(file.Annotations[2].Segmentation);
    }

    [Fact]
    public void ValuesLargerThanTheReadBufferAreReadWhole()
    {
        using var dir = new TempFolder();
        // One polygon of 40,000 coordinates (≈ 300 KB) and 3,000 annotations: several buffer refills and a buffer growth.
        var polygon = string.Join(", ", Enumerable.Range(0, 40_000).Select(i => (i % 97 + 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var many = string.Join(",\n", Enumerable.Range(100, 3_000).Select(i => $$"""{"id": {{i}}, "image_id": 13, "category_id": 9, "bbox": [1, 2, 3, 4], "area": 12}"""));
        var annotations = $$"""[{"id": 1, "image_id": 12, "category_id": 3, "bbox": [0, 0, 5, 5], "area": 25, "segmentation": [[{{polygon}}]]}, {{many}}]""";
        var file = CocoAnnotationFile.Load(dir.Write("big.json", CocoJson.File(annotations)));
        Assert.Equal(3_001, file.Annotations.Count);
        var big = Assert.IsType<PolygonSegmentation>(file.Annotations[0].Segmentation).Polygons[0];
        Assert.Equal(40_000, big.Length);
        Assert.Equal(96.25, big[96]);
        Assert.Equal(35.25, big[39_999]);
        Assert.Equal(3_099L, file.Annotations[^1].Id);
    }

    [Fact]
    public void AcceptsAByteOrderMark()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Root, "bom.json");
        File.WriteAllText(path, CocoJson.File(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(6, CocoAnnotationFile.Load(path).Annotations.Count);
    }

    [Fact]
    public void TruncatedFileNamesTheFileAndTheLastCompleteAnnotation()
    {
        using var dir = new TempFolder();
        string text = CocoJson.File();
        int cut = text.IndexOf("\"id\": 8", StringComparison.Ordinal) + 12;
        string path = dir.Write("cut.json", text[..cut]);
        var e = Assert.Throws<CocoFormatException>(() => CocoAnnotationFile.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("after annotation id 6", e.Message);
    }

    [Theory]
    [InlineData("""{"id": 77, "image_id": 99, "category_id": 3, "bbox": [0, 0, 1, 1], "area": 1}""", "annotation id 77", "'image_id' 99 is not among the file's images")]
    [InlineData("""{"id": 77, "image_id": 10, "category_id": 4, "bbox": [0, 0, 1, 1], "area": 1}""", "annotation id 77", "'category_id' 4 is not among the file's categories")]
    [InlineData("""{"id": 77, "image_id": 10, "category_id": 3, "bbox": [0, 0, -2, 1], "area": 1}""", "annotation id 77", "negative size")]
    [InlineData("""{"id": 77, "image_id": 10, "category_id": 3, "bbox": [0, 0, 2, 1], "area": 1, "segmentation": "x"}""", "annotation id 77", "'segmentation' must be a list of polygons or an RLE object, not a string")]
    [InlineData("""{"id": 77, "image_id": 10, "category_id": 3, "bbox": [0, 0, 2, 1], "area": 1, "segmentation": [[1, 2, 3]]}""", "annotation id 77", "odd number of coordinates")]
    [InlineData("""{"id": 77, "image_id": 10, "category_id": 3, "bbox": [0, 0, 2, 1], "area": 1, "segmentation": {"size": [80, 100], "counts": [5, 3]}}""", "annotation id 77", "add up to 8 pixels")]
    [InlineData("""{"segmentation": 5, "id": 77, "image_id": 10, "category_id": 3, "bbox": [0, 0, 2, 1], "area": 1}""", "annotation id 77", "not a number")]
    [InlineData("""{"id": 77, "image_id": 10, "category_id": 3, "bbox": [0, 0, 2], "area": 1}""", "annotation id 77", "'bbox' must be [x, y, w, h]")]
    [InlineData("""{"id": 1, "image_id": 10, "category_id": 3, "bbox": [0, 0, 2, 1], "area": 1}""", "annotation id 1", "used by an earlier annotation")]
    [InlineData("""{"image_id": 10, "category_id": 3, "bbox": [0, 0, 2, 1], "area": 1}""", "annotation #6", "no 'id'")]
    public void MalformedAnnotationNamesFileRecordAndField(string annotation, string record, string problem)
    {
        using var dir = new TempFolder();
        string annotations = CocoJson.Annotations.TrimEnd().TrimEnd(']') + ", " + annotation + "]";
        string path = dir.Write("bad.json", CocoJson.File(annotations));
        var e = Assert.Throws<CocoFormatException>(() => CocoAnnotationFile.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(record, e.Record);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void SkipInvalidLeavesBadRecordsOutAndListsThem()
    {
        using var dir = new TempFolder();
        string annotations = CocoJson.Annotations.TrimEnd().TrimEnd(']') + """
            , {"id": 77, "image_id": 99, "category_id": 3, "bbox": [0, 0, 1, 1], "area": 1},
              {"id": 78, "image_id": 10, "category_id": 3, "bbox": [0, 0, -1, 1], "area": 1},
              {"id": 79, "image_id": 10, "category_id": 3, "bbox": [0, 0, 1, 1], "area": 1}]
            """;
        string images = CocoJson.Images.TrimEnd().TrimEnd(']') + """, {"id": 10, "file_name": "dup.jpg", "width": 1, "height": 1}]""";
        var file = CocoAnnotationFile.Load(dir.Write("bad.json", CocoJson.File(annotations, images)), new CocoLoadOptions(SkipInvalid: true));
        Assert.Equal([1L, 2, 5, 6, 8, 9, 79], file.Annotations.Select(a => a.Id));
        Assert.Equal(4, file.Images.Count);
        Assert.Equal(
            ["image id 10: 'id' 10 is used by an earlier image", "annotation id 77: 'image_id' 99 is not among the file's images",
             "annotation id 78: 'bbox' [0, 0, -1, 1] has a negative size"],
            file.SkippedRecords.Select(r => r.ToString()));
    }

    [Fact]
    public void NotJsonOrWrongShapeIsReported()
    {
        using var dir = new TempFolder();
        var list = dir.Write("list.json", "[1, 2]");
        Assert.Contains("not a JSON object", Assert.Throws<CocoFormatException>(() => CocoAnnotationFile.Load(list)).Message);
        var garbage = dir.Write("garbage.json", """{"images": [{"id": 1,, }]}""");
        Assert.Contains("invalid JSON", Assert.Throws<CocoFormatException>(() => CocoAnnotationFile.Load(garbage)).Message);
        Assert.Throws<FileNotFoundException>(() => CocoAnnotationFile.Load(Path.Combine(dir.Root, "missing.json")));
    }
}
