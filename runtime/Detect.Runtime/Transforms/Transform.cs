namespace Detect.Transforms;

/// <summary>
/// A typed data transform: a function from one sample type to the next (MMDetection's
/// <c>BaseTransform.transform</c>). Composing transforms whose types do not line up does not compile,
/// so a pipeline cannot pack before it loads.
/// </summary>
/// <typeparam name="TIn">What the transform reads.</typeparam>
/// <typeparam name="TOut">What it produces.</typeparam>
/// <remarks>
/// Transforms are immutable and thread-safe: one instance serves every loader thread. They never
/// modify their input (a test-time augmentation applies several branches to the same sample); they
/// return a new value. Returning null drops the sample, as a None result does in MMDetection — the
/// data loader then draws another one (or reports it, see Detect.Data).
/// </remarks>
public abstract class Transform<TIn, TOut> : ITransform
    where TIn : class
    where TOut : class
{
    /// <summary>Transforms <paramref name="input"/>; null drops the sample.</summary>
    public abstract TOut? Apply(TIn input, TransformContext context);

    /// <inheritdoc />
    public virtual string Name => GetType().Name;

    /// <inheritdoc />
    public Type InputType => typeof(TIn);

    /// <inheritdoc />
    public Type OutputType => typeof(TOut);

    /// <inheritdoc />
    public abstract IReadOnlyList<(string Name, object? Value)> Parameters { get; }

    /// <inheritdoc />
    public object? ApplyUntyped(object input, TransformContext context) => Apply((TIn)input, context);

    /// <summary>The transform as a constructor call, e.g. <c>Resize(scale: (1333, 800), keepRatio: true)</c>.</summary>
    public override string ToString() => TransformRepr.Format(Name, Parameters);
}

/// <summary>A transform from <see cref="PipelineSample"/> to <see cref="PipelineSample"/> (every augmentation).</summary>
public abstract class SampleTransform : Transform<PipelineSample, PipelineSample>;
