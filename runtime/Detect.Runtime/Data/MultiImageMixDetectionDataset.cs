using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// MMDetection's <c>MultiImageMixDataset</c> as a config builds it: the inner dataset's <c>pipeline</c> loads each image
/// (LoadImageFromFile, LoadAnnotations), this dataset's <c>pipeline</c> mixes and packs (Mosaic, MixUp, ..., PackDetInputs),
/// drawing the extra images Mosaic and MixUp need through the inner pipeline.
/// </summary>
public sealed class MultiImageMixDataset : IDetectionDataset, IMixSource
{
    readonly IDetectionDataset dataset;
    readonly IReadOnlyList<ITransform> transforms;
    readonly Lazy<MultiImageMixDataset<PackedDetInputs>> mixed;

    /// <summary>Creates the dataset.</summary>
    /// <param name="dataset">The inner dataset; its pipeline ends in a <see cref="PipelineSample"/>.</param>
    /// <param name="pipeline">The mixing pipeline, from a <see cref="PipelineSample"/> to packed inputs.</param>
    public MultiImageMixDataset(IDetectionDataset dataset, IReadOnlyList<ITransform> pipeline)
    {
        this.dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
        transforms = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        mixed = new(() => new MultiImageMixDataset<PackedDetInputs>(dataset.DataInfos,
            Config.PipelineComposer.Compose<DataInfo, PipelineSample>(dataset.Transforms, "MultiImageMixDataset.dataset.pipeline"),
            Config.PipelineComposer.Compose<PipelineSample, PackedDetInputs>(transforms, "MultiImageMixDataset.pipeline")));
    }

    /// <inheritdoc />
    public IReadOnlyList<DataInfo> DataInfos => dataset.DataInfos;

    /// <inheritdoc />
    public DatasetMetainfo Metainfo => dataset.Metainfo;

    /// <inheritdoc />
    public IReadOnlyList<ITransform> Transforms => transforms;

    /// <inheritdoc />
    public string? AnnFile => dataset.AnnFile;

    /// <inheritdoc />
    public int Count => DataInfos.Count;

    /// <inheritdoc />
    public PackedDetInputs? Get(int index, Random rng) => mixed.Value.Get(index, rng);

    /// <inheritdoc />
    public PipelineSample? Load(int index, TransformContext context) => mixed.Value.Load(index, context);

    /// <inheritdoc />
    public void CheckPipeline() => _ = mixed.Value;
}
