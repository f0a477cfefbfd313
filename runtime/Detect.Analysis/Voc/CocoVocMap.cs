using System.Globalization;
using Detect.Analysis.Data;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Voc;

/// <summary>
/// Pascal VOC AP (MMDetection's <c>eval_map</c>, <see cref="VocEvalMap"/>) of a COCO results file against a COCO
/// annotation file, as MMDetection's VOCMetric evaluates a dataset: every category of the file is a class (file order),
/// boxes as MMDetection's CocoDataset reads them, crowd boxes ignored.
/// </summary>
public static class CocoVocMap
{
    /// <summary>The per-class results and mAP, with the class names in label order.</summary>
    /// <exception cref="AnalysisException">A result for an unknown image or category, or without a box.</exception>
    public static (VocMapResult Result, IReadOnlyList<string> Classes) Evaluate(string annFile, IReadOnlyList<CocoResult> results,
        string resultsSource, double iouThr = 0.5, VocEvalMode evalMode = VocEvalMode.Area)
    {
        var dataset = new CocoDataset(annFile, testMode: true);
        var byImage = DetectionResults.ByImage(results, dataset, resultsSource);
        int classes = dataset.Metainfo.Classes.Count;
        var dets = new List<IReadOnlyList<float[]>>();
        var gts = new List<VocGroundTruth>();
        foreach (var info in dataset.DataList)
        {
            var d = byImage.Of(info.ImgId);
            dets.Add([.. Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, d.Count).Where(i => d.Labels[i] == c)
                .SelectMany(i => d.Box(i).ToArray().Append(d.Scores[i])).ToArray())]);
            var kept = info.Instances.Where(i => !i.IgnoreFlag).ToList();
            var ignored = info.Instances.Where(i => i.IgnoreFlag).ToList();
            gts.Add(new VocGroundTruth([.. kept.SelectMany(i => i.Bbox)], [.. kept.Select(i => (long)i.BboxLabel)],
                [.. ignored.SelectMany(i => i.Bbox)], [.. ignored.Select(i => (long)i.BboxLabel)]));
        }
        if (dets.Count == 0) throw new AnalysisException($"{annFile}: no images to evaluate.");
        return (VocEvalMap.Evaluate(dets, gts, iouThr: iouThr, evalMode: evalMode), dataset.Metainfo.Classes);
    }

    /// <summary>MMDetection's <c>print_map_summary</c> table: class, gts, dets, recall, ap, then the mAP row.</summary>
    public static string Summary(VocMapResult result, IReadOnlyList<string> classes)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<string[]> { new[] { "class", "gts", "dets", "recall", "ap" } };
        for (int c = 0; c < classes.Count; c++)
        {
            var r = result.Classes[c];
            double recall = r.Recall[0].Length > 0 ? r.Recall[0][^1] : 0;
            rows.Add([classes[c], r.NumGts[0].ToString(inv), r.NumDets.ToString(inv), recall.ToString("F3", inv), r.Ap[0].ToString("F3", inv)]);
        }
        rows.Add(["mAP", "", "", "", result.MeanAp[0].ToString("F3", inv)]);
        return AsciiTable.Format(rows, footer: true);
    }
}
