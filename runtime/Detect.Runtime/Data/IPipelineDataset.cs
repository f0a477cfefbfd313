using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// A dataset as the loader sees it (MMEngine's <c>BaseDataset</c>): records, and each record run
/// through the dataset's pipeline with the randomness it is given.
/// </summary>
/// <typeparam name="T">What the pipeline produces (PackedDetInputs for detection, TtaInputs for TTA).</typeparam>
public interface IPipelineDataset<T> where T : class
{
    /// <summary>The records, in index order.</summary>
    IReadOnlyList<DataInfo> DataInfos { get; }

    /// <summary>Sample <paramref name="index"/> through the pipeline; null when the pipeline dropped it.</summary>
    T? Get(int index, Random rng);
}

/// <summary>Records plus a pipeline from <see cref="DataInfo"/> (a plain dataset such as CocoDataset's output).</summary>
public sealed class PipelineDataset<T> : IPipelineDataset<T> where T : class
{
    /// <summary>Creates the dataset.</summary>
    public PipelineDataset(IReadOnlyList<DataInfo> dataInfos, Pipeline<DataInfo, T> pipeline)
    {
        DataInfos = dataInfos ?? throw new ArgumentNullException(nameof(dataInfos));
        Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
    }

    /// <inheritdoc />
    public IReadOnlyList<DataInfo> DataInfos { get; }

    /// <summary>The pipeline.</summary>
    public Pipeline<DataInfo, T> Pipeline { get; }

    /// <inheritdoc />
    public T? Get(int index, Random rng) => Pipeline.Apply(DataInfos[index], new TransformContext(rng));
}
