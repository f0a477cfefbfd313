using System.Collections.Immutable;
using System.Text;

namespace Detect.Transforms;

/// <summary>Starts pipelines: <c>Pipeline.Start&lt;DataInfo&gt;().Then(new LoadImageFromFile())...</c>.</summary>
public static class Pipeline
{
    /// <summary>The empty pipeline over <typeparamref name="T"/> (returns its input).</summary>
    public static Pipeline<T, T> Start<T>() where T : class => new(ImmutableArray<ITransform>.Empty);

    /// <summary>Steps whose types the caller has checked chain from <typeparamref name="TIn"/> to <typeparamref name="TOut"/> (Detect.Config.PipelineComposer).</summary>
    internal static Pipeline<TIn, TOut> Of<TIn, TOut>(ImmutableArray<ITransform> transforms) where TIn : class where TOut : class => new(transforms);
}

/// <summary>
/// An immutable chain of transforms from <typeparamref name="TIn"/> to <typeparamref name="TOut"/>
/// (MMDetection's <c>Compose</c>). <see cref="Then{TNext}(Transform{TOut, TNext})"/> returns a new,
/// longer pipeline and leaves this one as it was; <see cref="ToString"/> prints the chain.
/// </summary>
public sealed class Pipeline<TIn, TOut>
    where TIn : class
    where TOut : class
{
    readonly ImmutableArray<ITransform> transforms;

    internal Pipeline(ImmutableArray<ITransform> transforms) => this.transforms = transforms;

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<ITransform> Transforms => transforms;

    /// <summary>This pipeline followed by <paramref name="transform"/>.</summary>
    public Pipeline<TIn, TNext> Then<TNext>(Transform<TOut, TNext> transform) where TNext : class =>
        new(transforms.Add(transform ?? throw new ArgumentNullException(nameof(transform))));

    /// <summary>This pipeline followed by every step of <paramref name="rest"/>.</summary>
    public Pipeline<TIn, TNext> Then<TNext>(Pipeline<TOut, TNext> rest) where TNext : class =>
        new(transforms.AddRange(rest.transforms));

    /// <summary>
    /// This pipeline with <paramref name="transform"/> inserted after step <paramref name="index"/>, which must produce a
    /// <see cref="PipelineSample"/> (as MMDetection's test_robustness.py inserts <c>Corrupt</c> after loading).
    /// </summary>
    /// <exception cref="ArgumentException">Step <paramref name="index"/> does not exist or does not produce a PipelineSample.</exception>
    public Pipeline<TIn, TOut> InsertAfter(int index, SampleTransform transform)
    {
        if (index < 0 || index >= transforms.Length || transforms[index].OutputType != typeof(PipelineSample))
            throw new ArgumentException($"{transform.Name} goes after a step that produces a PipelineSample; step {index} of {this} does not.", nameof(index));
        return new(transforms.Insert(index + 1, transform));
    }

    /// <summary>Runs the steps in order; null as soon as one drops the sample.</summary>
    public TOut? Apply(TIn input, TransformContext context)
    {
        object current = input;
        foreach (var transform in transforms)
        {
            var next = transform.ApplyUntyped(current, context);
            if (next is null) return null;
            current = next;
        }
        return (TOut)current;
    }

    /// <summary>The chain as MMDetection prints a Compose: one transform per line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Compose(");
        foreach (var transform in transforms) text.Append("\n    ").Append(transform);
        return text.Append("\n)").ToString();
    }
}
