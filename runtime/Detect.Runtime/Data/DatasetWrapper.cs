using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// Base of MMEngine's index wrappers (RepeatDataset, ClassBalancedDataset, ConcatDataset): each of its indices is an index
/// of an inner dataset, whose record goes through that dataset's pipeline — or through the wrapper's own
/// <c>pipeline</c> when it has one (Detect's configs let <c>train_pipeline</c> flow into the loader's dataset, which may be
/// a wrapper).
/// </summary>
public abstract class DatasetWrapper : IDetectionDataset
{
    readonly RecordPipeline? own;
    readonly (IDetectionDataset Dataset, int Index)[] map;

    /// <summary>Creates the wrapper over <paramref name="map"/>: for each of its indices, the inner dataset and index.</summary>
    protected DatasetWrapper(IReadOnlyList<IDetectionDataset> datasets, IEnumerable<(IDetectionDataset Dataset, int Index)> map,
        IReadOnlyList<ITransform>? pipeline, string name)
    {
        if (datasets.Count == 0) throw new ArgumentException($"{name} needs at least one dataset.", nameof(datasets));
        this.map = [.. map];
        own = pipeline is { Count: > 0 } ? new RecordPipeline(pipeline, name + ".pipeline") : null;
        Metainfo = datasets[0].Metainfo;
        foreach (var other in datasets.Skip(1))
            if (!other.Metainfo.Classes.SequenceEqual(Metainfo.Classes))
                throw new ArgumentException($"{name}: the datasets have different classes ([{string.Join(", ", Metainfo.Classes)}] and [{string.Join(", ", other.Metainfo.Classes)}]).");
        Transforms = own?.Transforms ?? datasets[0].Transforms;
        AnnFile = datasets.Count == 1 ? datasets[0].AnnFile : null;
        DataInfos = [.. this.map.Select(m => m.Dataset.DataInfos[m.Index])];
        Inner = datasets;
    }

    /// <summary>The wrapped datasets.</summary>
    public IReadOnlyList<IDetectionDataset> Inner { get; }

    /// <summary>Where index <paramref name="index"/> comes from.</summary>
    public (IDetectionDataset Dataset, int Index) Source(int index) => map[index];

    /// <inheritdoc />
    public int Count => map.Length;

    /// <inheritdoc />
    public IReadOnlyList<DataInfo> DataInfos { get; }

    /// <inheritdoc />
    public DatasetMetainfo Metainfo { get; }

    /// <inheritdoc />
    public IReadOnlyList<ITransform> Transforms { get; }

    /// <inheritdoc />
    public string? AnnFile { get; }

    /// <inheritdoc />
    public PackedDetInputs? Get(int index, Random rng) =>
        own is not null ? own.Apply(DataInfos[index], rng) : map[index].Dataset.Get(map[index].Index, rng);

    /// <inheritdoc />
    public void CheckPipeline()
    {
        if (own is not null) _ = own.Packed;
        else foreach (var dataset in Inner) dataset.CheckPipeline();
    }
}
