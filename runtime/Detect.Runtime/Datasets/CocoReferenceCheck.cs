namespace Detect.Datasets;

/// <summary>
/// The checks that need the whole file: an annotation's image and category must exist (they may be
/// listed after it) and its id must be unique.
/// </summary>
internal static class CocoReferenceCheck
{
    public static List<CocoAnnotation> Check(
        List<CocoJsonRecords.Draft<CocoAnnotation>> drafts, List<CocoImage> images, List<CocoCategory> categories, CocoRecordSink sink)
    {
        var imageIds = images.Select(i => i.Id).ToHashSet();
        var categoryIds = categories.Select(c => c.Id).ToHashSet();
        var kept = new List<CocoAnnotation>(drafts.Count);
        for (int i = 0; i < drafts.Count; i++)
        {
            var (annotation, id, problem) = drafts[i];
            if (annotation is not null)
            {
                if (!imageIds.Contains(annotation.ImageId)) problem = $"'image_id' {annotation.ImageId} is not among the file's images";
                else if (!categoryIds.Contains(annotation.CategoryId)) problem = $"'category_id' {annotation.CategoryId} is not among the file's categories";
                else if (!sink.IsNewId("annotation", annotation.Id)) problem = $"'id' {annotation.Id} is used by an earlier annotation";
            }
            if (problem is null) kept.Add(annotation!);
            else sink.Reject(CocoRecordSink.Name("annotation", id, i), problem);
        }
        return kept;
    }
}
