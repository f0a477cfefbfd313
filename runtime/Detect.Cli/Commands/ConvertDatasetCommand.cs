using System.CommandLine;
using Detect.Platform;
using Detect.Datasets.Converters;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect convert-dataset --from voc|csv --input PATH --out ann.json [--split NAME] [--classes a,b,c] [--images DIR]</c>:
/// writes a COCO annotation file.
/// </summary>
public static class ConvertDatasetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source format: voc (Pascal VOC XML) or csv (image,x1,y1,x2,y2,class rows).", Required = true };
        from.AcceptOnlyFromAmong("voc", "csv");
        var input = new Option<string>("--input") { Description = "VOC year folder (with Annotations/, ImageSets/Main/) or the CSV file.", Required = true };
        var output = new Option<string>("--out") { Description = "COCO annotation file to write.", Required = true };
        var split = new Option<string?>("--split") { Description = "VOC image set (ImageSets/Main/<split>.txt); every XML file when omitted." };
        var classes = new Option<string?>("--classes") { Description = "Comma-separated class names in category-id order (default: VOC's 20 classes, or order of first appearance)." };
        var images = new Option<string?>("--images") { Description = "CSV: folder the image paths are relative to (default: the CSV's folder), for reading image sizes." };
        var command = new Command("convert-dataset", "Convert Pascal VOC XML or a CSV of boxes into a COCO annotation file.")
        {
            from, input, output, split, classes, images,
        };
        command.SetAction(parse => FailureReport.Run("detect convert-dataset", () =>
        {
            var classList = parse.GetValue(classes)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            try
            {
                var builder = parse.GetValue(from) == "voc"
                    ? VocToCoco.Convert(parse.GetValue(input)!, parse.GetValue(split), classList)
                    : CsvToCoco.Convert(parse.GetValue(input)!, parse.GetValue(images), classList);
                builder.Save(parse.GetValue(output)!);
                Console.WriteLine($"wrote {parse.GetValue(output)}: {builder.ImageCount} images, {builder.AnnotationCount} boxes");
                return 0;
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException or System.Xml.XmlException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }));
        return command;
    }
}
