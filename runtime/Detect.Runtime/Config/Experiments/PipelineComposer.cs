using System.Collections.Immutable;
using Detect.Config.Checks;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Config;

/// <summary>
/// The one composer of pipelines from configs: builds a loader's transform configs and chains them into a typed
/// pipeline, checking each step's input against the previous step's output as it goes (the run-time side of
/// DET301/DET302, which the compiler already checked for the experiment as written; a <c>--cfg-options</c> or
/// <c>with</c> change is checked here).
/// </summary>
public static class PipelineComposer
{
    /// <summary>The transform configs of a loader's dataset, or a clear error when there are none.</summary>
    public static IReadOnlyList<TransformConfig> Steps(DataLoaderConfig? loader, string key, string experiment) =>
        loader?.Dataset?.Pipeline is { Count: > 0 } steps
            ? steps
            : throw new ConfigurationException($"{experiment}: {key} has no dataset pipeline.");

    /// <summary>Builds and chains the steps into <c>DataInfo → PackedDetInputs</c>.</summary>
    public static Pipeline<DataInfo, PackedDetInputs> Compose(IReadOnlyList<TransformConfig> steps, string key) =>
        Compose<DataInfo, PackedDetInputs>([.. steps.Select((step, i) => step.Build() as ITransform
            ?? throw new ConfigurationException($"{key}.{i}: {step.TypeName} does not build a transform."))], key);

    /// <summary>Chains built transforms from <typeparamref name="TIn"/> to <typeparamref name="TOut"/>, checking their types.</summary>
    public static Pipeline<TIn, TOut> Compose<TIn, TOut>(IReadOnlyList<ITransform> transforms, string key)
        where TIn : class
        where TOut : class
    {
        if (transforms.Count == 0 && typeof(TIn) != typeof(TOut)) throw new ConfigurationException($"{key} has no pipeline.");
        var current = typeof(TIn);
        var producer = "the start of the pipeline";
        foreach (var transform in transforms)
        {
            if (!transform.InputType.IsAssignableFrom(current))
                throw new ConfigurationException(DiagnosticCatalog.StepOutOfOrder.Format(transform.Name, key, transform.InputType.Name, producer, current.Name));
            (current, producer) = (transform.OutputType, transform.Name);
        }
        if (current != typeof(TOut))
            throw typeof(TOut) == typeof(PackedDetInputs)
                ? new ConfigurationException(DiagnosticCatalog.NotPacked.Format(key, producer, current.Name))
                : new ConfigurationException($"{key} must end in a {typeof(TOut).Name}; its last step {producer} produces a {current.Name}.");
        return Pipeline.Of<TIn, TOut>([.. transforms]);
    }
}
