using System.Collections.Immutable;
using Detect.Config.Checks;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Config;

/// <summary>
/// Composes a loader's transform configs into the typed pipeline <c>DataInfo → PackedDetInputs</c>,
/// checking each step's input against the previous step's output as it goes (the run-time side of
/// DET301/DET302, for experiments whose pipelines were changed after compilation). Generated
/// experiments compose their pipelines with typed code instead.
/// </summary>
public static class PipelineComposer
{
    /// <summary>The transform configs of a loader's dataset, or a clear error when there are none.</summary>
    public static IReadOnlyList<TransformConfig> Steps(DataLoaderConfig? loader, string key, string experiment) =>
        loader?.Dataset?.Pipeline is { Count: > 0 } steps
            ? steps
            : throw new ConfigurationException($"{experiment}: {key} has no dataset pipeline.");

    /// <summary>Step <paramref name="index"/> as the config type the generated code expects.</summary>
    public static T Step<T>(IReadOnlyList<TransformConfig> steps, int index, string key) where T : TransformConfig =>
        index < steps.Count && steps[index] is T step
            ? step
            : throw new ConfigurationException($"{key}.{index}: expected {typeof(T).Name}, the config has " +
                (index < steps.Count ? steps[index].GetType().Name : $"only {steps.Count} steps") + "; build it with PipelineComposer.Compose.");

    /// <summary>Builds and chains the steps, checking their types.</summary>
    public static Pipeline<DataInfo, PackedDetInputs> Compose(IReadOnlyList<TransformConfig> steps, string key)
    {
        var transforms = ImmutableArray.CreateBuilder<ITransform>(steps.Count);
        var current = typeof(DataInfo);
        var producer = "the start of the pipeline";
        for (var i = 0; i < steps.Count; i++)
        {
            var transform = steps[i].Build() as ITransform
                ?? throw new ConfigurationException($"{key}.{i}: {steps[i].TypeName} does not build a transform.");
            var (input, output) = (transform.InputType, transform.OutputType);
            if (!input.IsAssignableFrom(current))
                throw new ConfigurationException(DiagnosticCatalog.StepOutOfOrder.Format(steps[i].TypeName, key, input.Name, producer, current.Name));
            transforms.Add(transform);
            (current, producer) = (output, steps[i].TypeName);
        }
        if (current != typeof(PackedDetInputs))
            throw new ConfigurationException(DiagnosticCatalog.NotPacked.Format(key, producer, current.Name));
        return new Pipeline<DataInfo, PackedDetInputs>(transforms.ToImmutable());
    }
}
