using Detect.Evaluation;

namespace Detect.Engine;

/// <summary>
/// One image's COCO results as a rank keeps them until evaluation gathers them (<see cref="CocoEvaluator"/>): box
/// results, and mask results (RLE) when "segm" is evaluated. <see cref="Serialize"/> and <see cref="Deserialize"/>
/// carry a rank's list to rank 0 in the COCO results JSON (<see cref="CocoResultsJson"/>), whose numbers round-trip
/// exactly, so rank 0 evaluates the very results one process would.
/// </summary>
/// <param name="Boxes">Box results.</param>
/// <param name="Masks">Mask results; empty without "segm".</param>
public sealed record ImageResults(IReadOnlyList<CocoResult> Boxes, IReadOnlyList<CocoResult> Masks)
{
    /// <summary>A rank's images as bytes: per image, the length-prefixed JSON of its boxes, then of its masks.</summary>
    public static byte[] Serialize(IReadOnlyList<ImageResults> images)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(images.Count);
            foreach (var image in images)
                foreach (var part in new[] { image.Boxes, image.Masks })
                {
                    using var json = new MemoryStream();
                    CocoResultsJson.Write(json, part);
                    writer.Write((int)json.Length);
                    writer.Write(json.GetBuffer(), 0, (int)json.Length);
                }
        }
        return buffer.ToArray();
    }

    /// <summary>The images <see cref="Serialize"/> wrote.</summary>
    public static IReadOnlyList<ImageResults> Deserialize(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        int count = reader.ReadInt32();
        var images = new List<ImageResults>(count);
        for (int i = 0; i < count; i++) images.Add(new ImageResults(Part(reader), Part(reader)));
        return images;
    }

    static List<CocoResult> Part(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        return CocoResultsJson.Read(new MemoryStream(reader.ReadBytes(length)), "a rank's gathered results");
    }
}
