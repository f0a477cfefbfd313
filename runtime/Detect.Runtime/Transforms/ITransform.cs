namespace Detect.Transforms;

/// <summary>
/// A pipeline step seen without its types: what <see cref="Pipeline{TIn, TOut}.Transforms"/> lists,
/// for printing and inspection. Implemented by <see cref="Transform{TIn, TOut}"/>.
/// </summary>
public interface ITransform
{
    /// <summary>The transform's name as printed (MMDetection's type name, e.g. <c>Resize</c>).</summary>
    string Name { get; }

    /// <summary>The sample type the transform reads.</summary>
    Type InputType { get; }

    /// <summary>The sample type the transform produces.</summary>
    Type OutputType { get; }

    /// <summary>The constructor arguments, by their parameter names, as the transform prints them.</summary>
    IReadOnlyList<(string Name, object? Value)> Parameters { get; }

    /// <summary>Applies the transform to an input of <see cref="InputType"/>; null drops the sample.</summary>
    object? ApplyUntyped(object input, TransformContext context);
}
