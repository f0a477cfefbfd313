namespace Detect.Runtime.Tests.Datasets;

/// <summary>Small COCO documents for tests, written as JSON text so malformed variants are easy to make.</summary>
internal static class CocoJson
{
    public const string Categories = """[{"id": 3, "name": "cat"}, {"id": 7, "name": "dog"}, {"id": 9, "name": "bird"}]""";

    public const string Images = """
        [{"id": 10, "file_name": "a.jpg", "width": 100, "height": 80},
         {"id": 11, "file_name": "b.jpg", "width": 50, "height": 20},
         {"id": 12, "file_name": "c.jpg", "width": 64, "height": 64},
         {"id": 13, "file_name": "d.jpg", "width": 64, "height": 64}]
        """;

    /// <summary>Image 10: a cat with a two-part polygon, a dog crowd as uncompressed RLE, a tiny box and an ignored one;
    /// image 11: a bird with a compressed RLE; image 12: only a crowd cat; image 13: nothing.</summary>
    public const string Annotations = """
        [{"id": 1, "image_id": 10, "category_id": 3, "bbox": [10, 20, 30, 40], "area": 900, "iscrowd": 0,
          "segmentation": [[10, 20, 40, 20, 40, 60], [12, 22, 14, 22, 14, 24]]},
         {"id": 2, "image_id": 10, "category_id": 7, "bbox": [0, 0, 2, 3], "area": 6, "iscrowd": 1,
          "segmentation": {"size": [80, 100], "counts": [0, 3, 77, 3, 7917]}},
         {"id": 5, "image_id": 10, "category_id": 3, "bbox": [50, 50, 0.5, 10], "area": 5, "iscrowd": 0},
         {"id": 6, "image_id": 10, "category_id": 3, "bbox": [5, 5, 10, 10], "area": 100, "ignore": 1},
         {"id": 8, "image_id": 11, "category_id": 9, "bbox": [1, 1, 4, 4], "area": 16, "iscrowd": 0,
          "segmentation": {"size": [20, 50], "counts": "e01b010000000Omj0"}},
         {"id": 9, "image_id": 12, "category_id": 3, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 1}]
        """;

    /// <summary>A whole file; any part can be replaced.</summary>
    public static string File(string? annotations = null, string? images = null, string? categories = null) =>
        $$"""{"info": {"description": "test", "nested": [1, {"a": [2, 3]}]}, "annotations": {{annotations ?? Annotations}}, "images": {{images ?? Images}}, "licenses": [], "categories": {{categories ?? Categories}}}""";
}
