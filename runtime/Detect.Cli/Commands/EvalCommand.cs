using System.CommandLine;
using Detect.Analysis;
using Detect.Analysis.Voc;
using Detect.Datasets;
using Detect.Evaluation;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect eval --ann GT.json --results DT.json --metric bbox|segm|proposal|voc-map [--classwise] [--out stats.json] [--csv DIR]</c>:
/// COCO evaluation identical to pycocotools, printed in its layout; <c>voc-map</c> is Pascal VOC AP as MMDetection's
/// eval_map (<c>--iou-thr</c>, <c>--eval-mode area|11points</c>), printed as its summary table.
/// </summary>
public static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var ann = new Option<string>("--ann") { Description = "Ground-truth COCO annotation file.", Required = true };
        var results = new Option<string>("--results") { Description = "Detections in the COCO results format (a JSON list).", Required = true };
        var metric = new Option<string[]>("--metric")
        {
            Description = "bbox, segm and/or proposal (class-agnostic recall at 100/300/1000, as MMDetection), or voc-map (Pascal VOC AP).",
            DefaultValueFactory = _ => ["bbox"],
            AllowMultipleArgumentsPerToken = true,
        };
        metric.AcceptOnlyFromAmong("bbox", "segm", "proposal", "voc-map");
        var iouThr = new Option<double>("--iou-thr") { Description = "voc-map: IoU threshold of a true positive.", DefaultValueFactory = _ => 0.5 };
        var evalMode = new Option<string>("--eval-mode") { Description = "voc-map: area (VOC2010+) or 11points (VOC2007).", DefaultValueFactory = _ => "area" };
        evalMode.AcceptOnlyFromAmong("area", "11points");
        var classwise = new Option<bool>("--classwise") { Description = "Also print (and write) each category's AP, as MMDetection's classwise table." };
        var output = new Option<string?>("--out") { Description = "Write {\"<metric>\": [12 numbers]} at full precision to this JSON file." };
        var csv = new Option<string?>("--csv") { Description = "Write <metric>_summary.csv (and <metric>_classwise.csv) into this folder." };
        var command = new Command("eval", "Evaluate COCO results against ground truth exactly as pycocotools' COCOeval does.")
        {
            ann, results, metric, classwise, output, csv, iouThr, evalMode,
        };
        command.SetAction(parse => FailureReport.Run("detect eval", () => Run(
            parse.GetValue(ann)!, parse.GetValue(results)!, parse.GetValue(metric)!, parse.GetValue(classwise),
            parse.GetValue(output), parse.GetValue(csv), new VocOptions(parse.GetValue(iouThr), parse.GetValue(evalMode) == "11points" ? VocEvalMode.ElevenPoints : VocEvalMode.Area))));
        return command;
    }

    sealed record VocOptions(double IouThr, VocEvalMode Mode);

    private static int Run(string annPath, string resultsPath, string[] metrics, bool classwise, string? outPath, string? csvFolder, VocOptions voc)
    {
        var gt = CocoAnnotationFile.Load(annPath);
        var results = CocoResultsJson.Load(resultsPath);
        if (results.Count == 0) Console.Error.WriteLine($"warning: {resultsPath} holds no results; every AP and AR is 0 where there is ground truth.");
        int unknown = results.Count(r => gt.FindCategory(r.CategoryId) is null);
        if (unknown > 0) Console.Error.WriteLine($"warning: {unknown} results have category ids that {annPath} lacks; they are ignored, as pycocotools does.");
        var evaluated = new Dictionary<string, CocoEvalResult>();
        foreach (var m in metrics.Distinct())
        {
            if (m == "voc-map")
            {
                var (map, classes) = CocoVocMap.Evaluate(annPath, results, resultsPath, voc.IouThr, voc.Mode);
                Console.WriteLine($"Evaluate Pascal VOC AP (iou_thr {voc.IouThr}, {(voc.Mode == VocEvalMode.Area ? "area" : "11points")})");
                Console.WriteLine(CocoVocMap.Summary(map, classes));
                continue;
            }
            var p = m switch { "segm" => CocoEvalParams.Segm, "proposal" => CocoEvalParams.Proposal, _ => CocoEvalParams.Bbox };
            var result = CocoEval.Run(gt, results, p, resultsPath);
            evaluated[m] = result;
            Console.WriteLine($"Evaluate annotation type *{(m == "segm" ? "segm" : "bbox")}*{(m == "proposal" ? " (proposal: class-agnostic)" : "")}");
            Console.WriteLine(result.Summary());
            IReadOnlyList<ClasswiseAp>? table = null;
            if (classwise && m != "proposal")
            {
                table = result.Classwise(id => gt.FindCategory(id)!.Name);
                Console.WriteLine(ClasswiseTable.Format(table));
            }
            if (csvFolder is not null)
            {
                CocoEvalExport.WriteSummaryCsv(Path.Combine(csvFolder, $"{m}_summary.csv"), m, result);
                if (table is not null) CocoEvalExport.WriteClasswiseCsv(Path.Combine(csvFolder, $"{m}_classwise.csv"), table);
            }
        }
        if (outPath is not null) CocoEvalExport.WriteStatsJson(outPath, evaluated);
        return 0;
    }
}
