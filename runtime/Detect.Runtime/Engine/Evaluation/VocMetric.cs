using System.Globalization;
using Detect.Data;
using Detect.Datasets;
using Detect.Evaluation;
using Detect.Ops;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>VOCMetric</c> (metric 'mAP'): Pascal VOC mAP by <see cref="VocEvalMap"/> at each IoU threshold,
/// reported as <c>pascal_voc/AP50</c> (per threshold, <c>AP{int(100·thr):02d}</c>) and <c>pascal_voc/mAP</c> (their mean).
/// Ground truth comes from the bound dataset's records (original pixels; ignored instances — VOC's difficult objects —
/// as MMDetection's <c>ignored_instances</c>); predictions must be in original pixels.
/// </summary>
/// <param name="iouThrs"><c>iou_thrs</c>.</param>
/// <param name="evalMode"><c>eval_mode</c>: '11points' (VOC2007, MMDetection's default) or 'area'.</param>
/// <param name="useLegacyCoordinate">Widths as x2 − x1 + 1 (VOC's own evaluation).</param>
public sealed class VocMetric(IReadOnlyList<double>? iouThrs = null, VocEvalMode evalMode = VocEvalMode.ElevenPoints, bool useLegacyCoordinate = false) : IEvaluator
{
    readonly List<(long ImgId, IReadOnlyList<float[]> Detections)> results = [];
    Dictionary<long, DataInfo>? records;
    int numClasses;
    Action<string> log = _ => { };

    /// <summary><c>iou_thrs</c>.</summary>
    public IReadOnlyList<double> IouThrs { get; } = iouThrs is { Count: > 0 } ? iouThrs : [0.5];

    /// <summary><c>eval_mode</c>.</summary>
    public VocEvalMode EvalMode { get; } = evalMode;

    /// <inheritdoc />
    public void Bind(IDetectionDataset dataset, Action<string> log)
    {
        records = [];
        foreach (var info in dataset.DataInfos) records.TryAdd(info.ImgId, info);
        numClasses = dataset.Metainfo.Classes.Count;
        this.log = log;
    }

    /// <inheritdoc />
    public void Process(IReadOnlyList<DetDataSample> predictions)
    {
        if (records is null) throw new InvalidOperationException("VocMetric: bind it to the evaluated dataset first.");
        using var scope = NewDisposeScope();
        foreach (var sample in predictions)
        {
            var perClass = Enumerable.Range(0, numClasses).Select(_ => new List<float>()).ToArray();
            if (sample.PredInstances is { Count: > 0 } pred)
            {
                var boxes = TensorValues.ToArray<float>(pred.Bboxes.detach().cpu().to(ScalarType.Float32));
                var labels = TensorValues.ToArray<long>(pred.Labels.detach().cpu().to(ScalarType.Int64));
                var scores = pred.Scores is { } s ? TensorValues.ToArray<float>(s.detach().cpu().to(ScalarType.Float32)) : new float[labels.Length];
                for (int i = 0; i < labels.Length; i++)
                    perClass[labels[i]].AddRange([boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3], scores[i]]);
            }
            results.Add((sample.Meta.ImgId, [.. perClass.Select(c => c.ToArray())]));
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        if (records is null) throw new InvalidOperationException("VocMetric: bind it to the evaluated dataset first.");
        var processed = results.ToList();
        results.Clear();
        var metrics = new Dictionary<string, double>();
        if (processed.Count == 0) return metrics;
        var truth = processed.Select(r => GroundTruth(records.TryGetValue(r.ImgId, out var info) ? info
            : throw new InvalidOperationException($"VocMetric: a prediction for image {r.ImgId}, which the evaluated dataset does not have."))).ToList();
        var detections = processed.Select(r => r.Detections).ToList();
        var aps = new List<double>();
        foreach (var thr in IouThrs)
        {
            var result = VocEvalMap.Evaluate(detections, truth, iouThr: thr, useLegacyCoordinate: useLegacyCoordinate, evalMode: EvalMode);
            double ap = result.MeanAp[0];
            log($"VOC mAP@{thr.ToString(CultureInfo.InvariantCulture)} ({EvalMode}): {ap:F4} over {processed.Count} images");
            metrics[$"pascal_voc/AP{(int)(thr * 100):00}"] = ap;
            aps.Add(ap);
        }
        metrics["pascal_voc/mAP"] = aps.Average();
        return metrics;
    }

    static VocGroundTruth GroundTruth(DataInfo info)
    {
        var kept = info.Instances.Where(i => !i.IgnoreFlag).ToList();
        var ignored = info.Instances.Where(i => i.IgnoreFlag).ToList();
        return new VocGroundTruth([.. kept.SelectMany(i => i.Bbox)], [.. kept.Select(i => (long)i.BboxLabel)],
            [.. ignored.SelectMany(i => i.Bbox)], [.. ignored.Select(i => (long)i.BboxLabel)]);
    }
}
