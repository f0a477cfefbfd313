using Detect.Evaluation;
using Detect.Structures;

namespace Detect.Engine;

/// <summary>COCO evaluation in the engine's loops: <see cref="CocoMetric"/> (pycocotools' numbers, MMDetection's names).</summary>
/// <param name="metric">The metric, built on the evaluated split's annotation file and classes.</param>
public sealed class CocoEvaluator(CocoMetric metric) : IEvaluator
{
    /// <summary>The underlying metric.</summary>
    public CocoMetric Metric { get; } = metric;

    /// <inheritdoc />
    public void Process(IReadOnlyList<DetDataSample> predictions) => Metric.Process(predictions);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Evaluate() => Metric.Evaluate();
}
