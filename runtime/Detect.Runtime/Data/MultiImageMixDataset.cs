using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// MMDetection's <c>MultiImageMixDataset</c>: records go through a pre-pipeline (loading), then the
/// mixing pipeline, whose Mosaic and MixUp draw extra images through the same pre-pipeline.
/// </summary>
/// <example>
/// <code>
/// var dataset = new MultiImageMixDataset&lt;PackedDetInputs&gt;(infos,
///     Pipeline.Start&lt;DataInfo&gt;().Then(new LoadImageFromFile()).Then(new LoadAnnotations()),
///     Pipeline.Start&lt;PipelineSample&gt;().Then(new Mosaic()).Then(new MixUp()).Then(new PackDetInputs()));
/// </code>
/// </example>
public sealed class MultiImageMixDataset<T> : IPipelineDataset<T>, IMixSource where T : class
{
    /// <summary>Creates the dataset.</summary>
    /// <param name="dataInfos">The records.</param>
    /// <param name="dataset">The pre-pipeline that loads one record (MMDetection's inner dataset pipeline).</param>
    /// <param name="pipeline">The mixing pipeline.</param>
    public MultiImageMixDataset(IReadOnlyList<DataInfo> dataInfos, Pipeline<DataInfo, PipelineSample> dataset,
        Pipeline<PipelineSample, T> pipeline)
    {
        DataInfos = dataInfos ?? throw new ArgumentNullException(nameof(dataInfos));
        PrePipeline = dataset ?? throw new ArgumentNullException(nameof(dataset));
        Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
    }

    /// <inheritdoc />
    public IReadOnlyList<DataInfo> DataInfos { get; }

    /// <summary>The loading pre-pipeline.</summary>
    public Pipeline<DataInfo, PipelineSample> PrePipeline { get; }

    /// <summary>The mixing pipeline.</summary>
    public Pipeline<PipelineSample, T> Pipeline { get; }

    /// <inheritdoc />
    public int Count => DataInfos.Count;

    /// <inheritdoc />
    public PipelineSample? Load(int index, TransformContext context) => PrePipeline.Apply(DataInfos[index], context);

    /// <inheritdoc />
    public T? Get(int index, Random rng)
    {
        var context = new TransformContext(rng, this);
        var loaded = Load(index, context);
        return loaded is null ? null : Pipeline.Apply(loaded, context);
    }
}
