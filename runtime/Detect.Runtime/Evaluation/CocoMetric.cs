using Detect.Datasets;
using Detect.Structures;

namespace Detect.Evaluation;

/// <summary>
/// COCO evaluation for the training engine's validation loop (MMDetection's <c>CocoMetric</c>): feed
/// it the predicted samples batch by batch with <see cref="Process"/>, then <see cref="Evaluate"/>
/// returns MMDetection's metric names (<c>coco/bbox_mAP</c>, <c>coco/bbox_mAP_50</c>, ...,
/// <c>coco/segm_mAP_l</c>, <c>coco/AR@100</c>, ...) at full precision (MMDetection rounds them to
/// three decimals for its log).
/// </summary>
/// <remarks>
/// As MMDetection: every image of the annotation file is evaluated (unprocessed ones count as
/// misses), maxDets are <c>proposalNums</c> for every metric, and mask results carry no
/// box, so the mask's own area decides small/medium/large. Predictions must be in original-image
/// pixels (<c>Predict(batch, rescale: true)</c>) with labels 0..K−1 in the dataset's class order.
/// </remarks>
/// <example>
/// <code>
/// var metric = new CocoMetric("data/coco/annotations/instances_val2017.json", [CocoMetricType.Bbox, CocoMetricType.Segm], classes: dataset.Metainfo.Classes);
/// foreach (var batch in loader) metric.Process(model.Predict(batch));
/// IReadOnlyDictionary&lt;string, double&gt; metrics = metric.Evaluate();   // metrics["coco/bbox_mAP"]
/// </code>
/// </example>
public sealed class CocoMetric
{
    private static readonly string[] ApItems = ["mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l"];
    private static readonly string[] ProposalItems = ["AR@100", "AR@300", "AR@1000", "AR_s@1000", "AR_m@1000", "AR_l@1000"];

    private readonly CocoAnnotationFile _gt;
    private readonly IReadOnlyList<int> _proposalNums;
    private readonly IReadOnlyList<double>? _iouThrs;
    private readonly List<CocoResult> _boxes = [];
    private readonly List<CocoResult> _masks = [];

    /// <param name="annFile">Ground-truth annotation file.</param>
    /// <param name="metric">What to evaluate; null: bbox.</param>
    /// <param name="classwise">Also report each class's AP (<c>coco/{name}_precision</c>) and log the table.</param>
    /// <param name="proposalNums">maxDets for every metric (MMDetection's default 100, 300, 1000).</param>
    /// <param name="iouThrs">IoU thresholds; null for .50:.05:.95.</param>
    /// <param name="classes">The dataset's classes in label order; null for all categories in file order.</param>
    /// <param name="log">Receives the pycocotools summaries and classwise tables (e.g. the engine's logger).</param>
    /// <param name="formatOnly">Only write the results (<paramref name="outfilePrefix"/> must be set), no evaluation: a test set
    /// without ground truth, whose results go to an evaluation server.</param>
    /// <param name="outfilePrefix">Write the results in the COCO results format to <c>PREFIX.bbox.json</c> (and
    /// <c>PREFIX.segm.json</c> for "segm") at each <see cref="Evaluate"/>; null writes nothing.</param>
    public CocoMetric(
        string annFile, IReadOnlyList<CocoMetricType>? metric = null, bool classwise = false, IReadOnlyList<int>? proposalNums = null,
        IReadOnlyList<double>? iouThrs = null, IReadOnlyList<string>? classes = null, Action<string>? log = null,
        bool formatOnly = false, string? outfilePrefix = null)
    {
        if (formatOnly && string.IsNullOrEmpty(outfilePrefix))
            throw new ArgumentException("format_only needs outfile_prefix: the results must be written somewhere.", nameof(outfilePrefix));
        FormatOnly = formatOnly;
        OutfilePrefix = outfilePrefix;
        Metrics = metric ?? [CocoMetricType.Bbox];
        _gt = CocoAnnotationFile.Load(annFile);
        Selection = ClassSelection.Select(_gt.Categories, classes, annFile);
        Classwise = classwise;
        _proposalNums = proposalNums ?? [100, 300, 1000];
        _iouThrs = iouThrs;
        Log = log ?? (_ => { });
    }

    /// <summary>The metrics evaluated, in order.</summary>
    public IReadOnlyList<CocoMetricType> Metrics { get; }

    /// <summary>Label → category id mapping used for predictions.</summary>
    public ClassSelection Selection { get; }

    /// <summary>Whether per-class AP is reported.</summary>
    public bool Classwise { get; }

    /// <summary>Whether <see cref="Evaluate"/> only writes the results.</summary>
    public bool FormatOnly { get; }

    /// <summary>The prefix of the results files, or null.</summary>
    public string? OutfilePrefix { get; }

    /// <summary>Where summaries go.</summary>
    public Action<string> Log { get; }

    /// <summary>The detailed result of each metric of the last <see cref="Evaluate"/>.</summary>
    public IReadOnlyDictionary<string, CocoEvalResult> LastResults { get; private set; } = new Dictionary<string, CocoEvalResult>();

    /// <summary>Takes one batch of predicted samples (MMDetection's <c>process</c>); the tensors are read, not kept.</summary>
    public void Process(IEnumerable<DetDataSample> samples)
    {
        foreach (var sample in samples)
        {
            _boxes.AddRange(PredictionResults.Boxes(sample, Selection.CatIds));
            if (Metrics.Contains(CocoMetricType.Segm)) _masks.AddRange(PredictionResults.Masks(sample, Selection.CatIds));
        }
    }

    /// <summary>Number of images in the annotation file (what <c>collect_results</c> cuts a padded distributed evaluation to).</summary>
    public int ImageCount => _gt.Images.Count;

    /// <summary>Takes box results already in the COCO format (gathered from other ranks by <see cref="Engine.CocoEvaluator"/>).</summary>
    public void AddBoxes(IEnumerable<CocoResult> boxes) => _boxes.AddRange(boxes);

    /// <summary>Takes mask results already in the COCO format (RLE, no boxes; gathered from other ranks by <see cref="Engine.CocoEvaluator"/>).</summary>
    public void AddMasks(IEnumerable<CocoResult> masks) => _masks.AddRange(masks);

    /// <summary>The results collected so far in the COCO results format (box results; mask results for segm).</summary>
    public IReadOnlyList<CocoResult> Results(CocoMetricType metric) => metric == CocoMetricType.Segm ? _masks : _boxes;

    /// <summary>Evaluates everything processed since the last call, then starts over (MMEngine's <c>evaluate</c>).</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        var metrics = new Dictionary<string, double>();
        if (OutfilePrefix is not null) WriteResults(OutfilePrefix);
        if (FormatOnly)
        {
            Log($"results are saved in {Path.GetDirectoryName(Path.GetFullPath(OutfilePrefix!))}");
            _boxes.Clear();
            _masks.Clear();
            return metrics;
        }
        var details = new Dictionary<string, CocoEvalResult>();
        foreach (var metric in Metrics)
        {
            var p = (metric == CocoMetricType.Segm ? CocoEvalParams.Segm : CocoEvalParams.Bbox) with
            {
                CatIds = Selection.CatIds,
                MaxDets = _proposalNums,
                UseCats = metric != CocoMetricType.Proposal,
            };
            if (_iouThrs is not null) p = p with { IouThrs = _iouThrs };
            string name = Config.ConfigEnums.Name(metric); // MMDetection's spelling names the metrics: coco/bbox_mAP
            var result = CocoEval.Run(_gt, Results(metric), p, $"{name} predictions");
            details[name] = result;
            Log($"Evaluating {name}...{Environment.NewLine}{result.Summary()}");
            if (metric == CocoMetricType.Proposal)
            {
                for (int i = 0; i < ProposalItems.Length; i++) metrics[$"coco/{ProposalItems[i]}"] = result.Stats[6 + i];
                continue;
            }
            for (int i = 0; i < ApItems.Length; i++) metrics[$"coco/{name}_{ApItems[i]}"] = result.Stats[i];
            if (Classwise)
            {
                var table = result.Classwise(id => _gt.FindCategory(id)!.Name);
                foreach (var row in table) metrics[$"coco/{row.Name}_precision"] = row.MAP;
                Log(ClasswiseTable.Format(table));
            }
        }
        LastResults = details;
        _boxes.Clear();
        _masks.Clear();
        return metrics;
    }

    /// <summary>MMDetection's <c>results2json</c>: <c>PREFIX.bbox.json</c> (box results, also for "proposal") and, for "segm", <c>PREFIX.segm.json</c>.</summary>
    void WriteResults(string prefix)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(prefix)) is { } dir) Directory.CreateDirectory(dir);
        CocoResultsJson.Save(prefix + ".bbox.json", _boxes);
        if (Metrics.Contains(CocoMetricType.Segm)) CocoResultsJson.Save(prefix + ".segm.json", _masks);
    }
}
