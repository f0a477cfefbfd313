using Detect.Transforms;

namespace Detect.Data;

/// <summary>MMEngine's <c>RepeatDataset</c>: the dataset <c>times</c> over, index <c>i</c> being the inner index <c>i mod N</c>.</summary>
/// <param name="dataset">The dataset to repeat.</param>
/// <param name="times"><c>times</c>.</param>
/// <param name="pipeline">A pipeline replacing the inner dataset's, or none.</param>
public sealed class RepeatDataset(IDetectionDataset dataset, int times, IReadOnlyList<ITransform>? pipeline = null)
    : DatasetWrapper([dataset], Map(dataset, times), pipeline, "RepeatDataset")
{
    /// <summary><c>times</c>.</summary>
    public int Times { get; } = times;

    static IEnumerable<(IDetectionDataset, int)> Map(IDetectionDataset dataset, int times)
    {
        if (times < 1) throw new ArgumentException($"RepeatDataset: times must be at least 1, got {times}.", nameof(times));
        return Enumerable.Range(0, times * dataset.DataInfos.Count).Select(i => (dataset, i % dataset.DataInfos.Count));
    }
}
