namespace Detect.Datasets;

/// <summary>
/// A COCO-style file (annotations or results) that cannot be used as it is. The message names the
/// file, the record (kind and id, or its position when it has no id) and the field.
/// </summary>
public sealed class CocoFormatException : FormatException
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    public CocoFormatException(string filePath, string record, string problem, Exception? inner = null)
        : base($"{filePath}: {record}: {problem}", inner)
    {
        FilePath = filePath;
        Record = record;
        Problem = problem;
    }

    /// <summary>The file that was being read.</summary>
    public string FilePath { get; }

    /// <summary>Which record, e.g. "annotation id 42" or "result #7 (image_id 3)".</summary>
    public string Record { get; }

    /// <summary>What is wrong, naming the field.</summary>
    public string Problem { get; }
}
