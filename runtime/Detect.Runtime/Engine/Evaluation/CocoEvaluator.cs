using Detect.Config;
using Detect.Data;
using Detect.Distributed;
using Detect.Evaluation;
using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// COCO evaluation in the engine's loops (MMDetection's <c>CocoMetric</c>, what <c>type='CocoMetric'</c> builds):
/// <see cref="CocoMetric"/>'s pycocotools numbers and MMDetection's names. Without an <c>ann_file</c> it evaluates against
/// the annotation file and classes of the dataset it is bound to. Under a distributed launcher each rank keeps its images'
/// box (and, for "segm", mask) results; <see cref="Evaluate"/> collects them to rank 0 in dataset order without the
/// sampler's padding (MMEngine's <c>collect_results</c>), so rank 0's metrics equal a single process's; the other ranks
/// return no metrics.
/// </summary>
public sealed class CocoEvaluator : IEvaluator
{
    readonly string? annFile;
    readonly IReadOnlyList<CocoMetricType>? metric;
    readonly bool classwise;
    readonly IReadOnlyList<int>? proposalNums;
    readonly bool formatOnly;
    readonly string? outfilePrefix;
    readonly List<ImageResults> rankImages = [];
    CocoMetric? bound;

    /// <summary>An evaluator over an existing metric.</summary>
    public CocoEvaluator(CocoMetric metric) => bound = metric;

    /// <summary>An evaluator whose metric is made when it is bound to its dataset.</summary>
    /// <param name="annFile"><c>ann_file</c>; null: the evaluated dataset's.</param>
    /// <param name="metric"><c>metric</c>: bbox, segm, proposal.</param>
    /// <param name="classwise"><c>classwise</c>.</param>
    /// <param name="proposalNums"><c>proposal_nums</c>.</param>
    /// <param name="formatOnly"><c>format_only</c>: only write the results to <paramref name="outfilePrefix"/>, no metrics.</param>
    /// <param name="outfilePrefix"><c>outfile_prefix</c>: write the results as <c>PREFIX.bbox.json</c> (and <c>PREFIX.segm.json</c>).</param>
    public CocoEvaluator(string? annFile = null, IReadOnlyList<CocoMetricType>? metric = null, bool classwise = false, IReadOnlyList<int>? proposalNums = null,
        bool formatOnly = false, string? outfilePrefix = null) =>
        (this.annFile, this.metric, this.classwise, this.proposalNums, this.formatOnly, this.outfilePrefix) =
        (annFile, metric, classwise, proposalNums, formatOnly, outfilePrefix);

    /// <summary>The underlying metric (after <see cref="Bind"/>).</summary>
    public CocoMetric Metric => bound ?? throw new InvalidOperationException("CocoEvaluator: bind it to the evaluated dataset first.");

    /// <inheritdoc />
    public void Bind(IDetectionDataset dataset, Action<string> log)
    {
        if (bound is not null) return;
        string file = annFile ?? dataset.AnnFile ?? throw new ConfigurationException(
            "CocoMetric has no ann_file and the evaluated dataset is not a single COCO file: set the evaluator's AnnFile.");
        bound = new CocoMetric(file, metric, classwise, proposalNums, classes: dataset.Metainfo.Classes, log: log,
            formatOnly: formatOnly, outfilePrefix: outfilePrefix);
    }

    /// <inheritdoc />
    public void Process(IReadOnlyList<DetDataSample> predictions)
    {
        if (DistributedContext.Current.WorldSize == 1) Metric.Process(predictions);
        else
        {
            bool masks = Metric.Metrics.Contains(CocoMetricType.Segm);
            rankImages.AddRange(predictions.Select(p => new ImageResults(PredictionResults.Boxes(p, Metric.Selection.CatIds),
                masks ? PredictionResults.Masks(p, Metric.Selection.CatIds) : [])));
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        var context = DistributedContext.Current;
        if (context.WorldSize > 1)
        {
            var images = CollectResults.Gather(context, rankImages, Metric.ImageCount, ImageResults.Serialize, ImageResults.Deserialize);
            rankImages.Clear();
            if (images is null) return new Dictionary<string, double>();
            Metric.AddBoxes(images.SelectMany(i => i.Boxes));
            Metric.AddMasks(images.SelectMany(i => i.Masks));
        }
        return Metric.Evaluate();
    }
}
