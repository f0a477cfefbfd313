namespace Detect.Data;

/// <summary>What the loader does with a sample whose file or annotation is bad (a <see cref="Transforms.BadSampleException"/>).</summary>
public enum BadSamplePolicy
{
    /// <summary>Raise the error, naming the file and annotation (the default).</summary>
    Raise,

    /// <summary>Skip the sample, count it in <see cref="DataLoader{T, TBatch}.Skipped"/>, and go on.</summary>
    Skip,
}

/// <summary>A sample the loader skipped under <see cref="BadSamplePolicy.Skip"/>.</summary>
/// <param name="Index">Dataset index.</param>
/// <param name="ImgPath">Image file.</param>
/// <param name="AnnotationId">Annotation at fault, if one was.</param>
/// <param name="Reason">What was wrong.</param>
public sealed record SkippedSample(int Index, string ImgPath, long? AnnotationId, string Reason)
{
    /// <summary>One line for logs: <c>path: annotation id: reason (dataset index i)</c>.</summary>
    public override string ToString() =>
        (AnnotationId is { } id ? $"{ImgPath}: annotation {id}: {Reason}" : $"{ImgPath}: {Reason}") + $" (dataset index {Index})";
}
