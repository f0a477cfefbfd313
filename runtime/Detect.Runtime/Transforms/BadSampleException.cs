namespace Detect.Transforms;

/// <summary>
/// A sample the pipeline cannot use — a missing or corrupt image file, a malformed annotation — named
/// by its file and, where one is at fault, its annotation id. Raised instead of a failure deep in
/// SkiaSharp or TorchSharp; the data loader counts and reports it when told to skip bad samples.
/// </summary>
public sealed class BadSampleException : Exception
{
    /// <summary>Creates the exception; the message names <paramref name="imgPath"/> and the annotation.</summary>
    public BadSampleException(string imgPath, string reason, long? annotationId = null, Exception? inner = null)
        : base(Describe(imgPath, reason, annotationId), inner)
    {
        ImgPath = imgPath;
        Reason = reason;
        AnnotationId = annotationId;
    }

    /// <summary>The image file of the sample.</summary>
    public string ImgPath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }

    /// <summary>The annotation at fault, when one is.</summary>
    public long? AnnotationId { get; }

    static string Describe(string imgPath, string reason, long? annotationId) =>
        annotationId is { } id ? $"{imgPath}: annotation {id}: {reason}" : $"{imgPath}: {reason}";
}
