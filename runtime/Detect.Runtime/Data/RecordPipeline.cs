using Detect.Config;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// A dataset's pipeline as its config gives it (a list of built transforms), composed on first use into the typed chain the
/// loader runs (<c>DataInfo → PackedDetInputs</c>) or, for a MultiImageMixDataset's inner dataset, the loading chain
/// (<c>DataInfo → PipelineSample</c>). Composition is <see cref="PipelineComposer"/>'s, which checks each step's input
/// against the previous step's output.
/// </summary>
/// <param name="transforms">The steps, in order.</param>
/// <param name="key">Where the steps come from, for errors (e.g. <c>CocoDataset(data/coco/ann.json).pipeline</c>).</param>
public sealed class RecordPipeline(IReadOnlyList<ITransform> transforms, string key)
{
    readonly Lazy<Pipeline<DataInfo, PackedDetInputs>> packed = new(() => transforms.OfType<IMixingTransform>().FirstOrDefault() is { } mixing
        ? throw new ConfigurationException($"{key}: {mixing.Name} mixes images drawn from the dataset, which only a MultiImageMixDataset provides: " +
            "wrap the dataset in a MultiImageMixDataset whose inner dataset's pipeline loads (LoadImageFromFile, LoadAnnotations) and whose pipeline mixes.")
        : PipelineComposer.Compose<DataInfo, PackedDetInputs>(transforms, key));
    readonly Lazy<Pipeline<DataInfo, PipelineSample>> loading = new(() => PipelineComposer.Compose<DataInfo, PipelineSample>(transforms, key));

    /// <summary>The steps.</summary>
    public IReadOnlyList<ITransform> Transforms { get; } = transforms;

    /// <summary>The steps as the loader's chain; a <see cref="ConfigurationException"/> when they do not end in a packed sample.</summary>
    public Pipeline<DataInfo, PackedDetInputs> Packed => packed.Value;

    /// <summary>The steps as a loading chain that ends in a <see cref="PipelineSample"/>.</summary>
    public Pipeline<DataInfo, PipelineSample> Loading => loading.Value;

    /// <summary>One record through <see cref="Packed"/>; null when a step dropped it.</summary>
    public PackedDetInputs? Apply(DataInfo info, Random rng) => Packed.Apply(info, new TransformContext(rng));
}
