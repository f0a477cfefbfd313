using Detect.Transforms;

namespace Detect.Data;

/// <summary>MMEngine's <c>ConcatDataset</c>: the datasets one after another (their classes must agree).</summary>
/// <param name="datasets"><c>datasets</c>.</param>
/// <param name="pipeline">A pipeline replacing the datasets' own, or none.</param>
public sealed class ConcatDataset(IReadOnlyList<IDetectionDataset> datasets, IReadOnlyList<ITransform>? pipeline = null)
    : DatasetWrapper(datasets, datasets.SelectMany(d => Enumerable.Range(0, d.DataInfos.Count).Select(i => (d, i))), pipeline, "ConcatDataset");
