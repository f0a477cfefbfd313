using Detect.Evaluation;

namespace Detect.Config;

/// <summary>COCO evaluation (<c>type='CocoMetric'</c>): bbox, segm or proposal AP as pycocotools.</summary>
[Register("CocoMetric", Builds = typeof(Detect.Engine.CocoEvaluator))]
[MaskMetricRule]
public sealed class CocoMetricAttribute : EvaluatorAttribute
{
    /// <summary><c>ann_file</c>: ground truth; unset: the evaluated loader's annotation file.</summary>
    public string? AnnFile { get; set; }

    /// <summary><c>metric</c>: bbox, segm, proposal.</summary>
    [NotEmpty]
    public CocoMetricType[] Metric { get; set; } = [CocoMetricType.Bbox];

    /// <summary><c>classwise</c>: also report per-class AP.</summary>
    public bool Classwise { get; set; }

    /// <summary><c>proposal_nums</c>: maxDets of the proposal metric.</summary>
    [InRange(1, int.MaxValue)]
    public int[] ProposalNums { get; set; } = [100, 300, 1000];

    /// <summary><c>format_only</c>: only write the results (to <see cref="OutfilePrefix"/>), no evaluation: a test set without ground truth.</summary>
    public bool FormatOnly { get; set; }

    /// <summary><c>outfile_prefix</c>: write the results in the COCO results format to <c>PREFIX.bbox.json</c> (and <c>PREFIX.segm.json</c>).</summary>
    public string? OutfilePrefix { get; set; }
}

/// <summary>Pascal VOC mAP (<c>type='VOCMetric'</c>, metric 'mAP'), as MMDetection's eval_map.</summary>
[Register("VOCMetric", Builds = typeof(Detect.Engine.VocMetric))]
public sealed class VocMetricAttribute : EvaluatorAttribute
{
    /// <summary><c>iou_thrs</c>.</summary>
    [NotEmpty, InRange(0, 1)]
    public double[] IouThrs { get; set; } = [0.5];

    /// <summary><c>eval_mode</c>: '11points' (VOC2007) or 'area' (VOC2010+).</summary>
    public VocEvalMode EvalMode { get; set; }

    /// <summary><c>use_legacy_coordinate</c>: widths as x2 − x1 + 1.</summary>
    public bool UseLegacyCoordinate { get; set; }
}
