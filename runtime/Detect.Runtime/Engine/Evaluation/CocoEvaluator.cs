using System.Text.Json;
using Detect.Distributed;
using Detect.Evaluation;
using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// COCO evaluation in the engine's loops: <see cref="CocoMetric"/> (pycocotools' numbers, MMDetection's names).
/// Under a distributed launcher each rank keeps its images' box results; <see cref="Evaluate"/> collects them to
/// rank 0 in dataset order without the sampler's padding (MMEngine's <c>collect_results</c>), so rank 0's metrics
/// equal a single process's; the other ranks return no metrics.
/// </summary>
/// <param name="metric">The metric, built on the evaluated split's annotation file and classes.</param>
public sealed class CocoEvaluator(CocoMetric metric) : IEvaluator
{
    readonly List<List<CocoResult>> rankImages = [];

    /// <summary>The underlying metric.</summary>
    public CocoMetric Metric { get; } = metric;

    /// <inheritdoc />
    public void Process(IReadOnlyList<DetDataSample> predictions)
    {
        if (DistributedContext.Current.WorldSize == 1) Metric.Process(predictions);
        else if (Metric.Metrics.Contains("segm")) throw new NotSupportedException("segm evaluation under --launcher mpi is not supported yet; evaluate masks in one process.");
        else rankImages.AddRange(predictions.Select(p => PredictionResults.Boxes(p, Metric.Selection.CatIds)));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        var context = DistributedContext.Current;
        if (context.WorldSize > 1)
        {
            var images = CollectResults.Gather(context, rankImages, Metric.ImageCount,
                part => JsonSerializer.SerializeToUtf8Bytes(part), bytes => JsonSerializer.Deserialize<List<List<CocoResult>>>(bytes)!);
            rankImages.Clear();
            if (images is null) return new Dictionary<string, double>();
            Metric.AddBoxes(images.SelectMany(i => i));
        }
        return Metric.Evaluate();
    }
}
