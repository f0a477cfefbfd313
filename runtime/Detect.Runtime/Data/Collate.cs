using Detect.Structures;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// Collate functions (MMEngine's <c>pseudo_collate</c>): images stay a list of per-image tensors of
/// different sizes; the model's data preprocessor pads and stacks them (see <see cref="BatchPadding"/>).
/// </summary>
public static class Collate
{
    /// <summary>Packed samples → a <see cref="DetBatch"/> (takes ownership of their tensors).</summary>
    public static DetBatch Detection(IReadOnlyList<PackedDetInputs> samples) =>
        new(samples.Select(s => s.Inputs).ToList(), samples.Select(s => s.DataSample).ToList());

    /// <summary>Each image's test-time views → one <see cref="DetBatch"/> per view over all images.</summary>
    public static TtaBatch TestTimeAug(IReadOnlyList<TtaInputs> samples)
    {
        if (samples.Count == 0) return new TtaBatch([]);
        int views = samples[0].Views.Count;
        if (samples.Any(s => s.Views.Count != views))
            throw new InvalidOperationException("Every image of a test-time augmentation batch must have the same number of views.");
        return new TtaBatch(Enumerable.Range(0, views)
            .Select(v => Detection(samples.Select(s => s.Views[v]).ToList())).ToList());
    }
}

/// <summary>
/// A test-time augmentation batch: <see cref="Views"/>[v] holds view v of every image (MMEngine's
/// BaseTTAModel runs the model once per view, then merges per image with <see cref="DetTtaMerger"/>).
/// </summary>
/// <param name="Views">One batch per view.</param>
public sealed record TtaBatch(IReadOnlyList<DetBatch> Views) : IDisposable
{
    /// <summary>Disposes every view's batch.</summary>
    public void Dispose()
    {
        foreach (var view in Views) view.Dispose();
    }
}
