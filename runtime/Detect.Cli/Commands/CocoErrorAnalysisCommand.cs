using System.CommandLine;
using Detect.Analysis.ErrorAnalysis;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect coco-error-analysis RESULTS.json --ann ANN --out DIR [--types bbox segm] [--areas 1024 9216 1e10]</c>:
/// MMDetection's coco_error_analysis.py: C75/C50/Loc/Sim/Oth/BG/FN PR curves per category and for all, as PNGs in DIR/&lt;type&gt;/.
/// </summary>
public static class CocoErrorAnalysisCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var results = new Argument<string>("results") { Description = "Detections, COCO results format." };
        var ann = new Option<string>("--ann") { Description = "Ground-truth COCO annotation file.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the figures (one subfolder per type).", Required = true };
        var types = new Option<string[]>("--types") { Description = "bbox and/or segm.", DefaultValueFactory = _ => ["bbox"], AllowMultipleArgumentsPerToken = true };
        types.AcceptOnlyFromAmong("bbox", "segm");
        var areas = new Option<double[]>("--areas")
        {
            Description = "The three area bounds of small/medium/large.", DefaultValueFactory = _ => [1024, 9216, 1e10], AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("coco-error-analysis", "Break COCO precision-recall down by error type (Detectron's analysis).") { results, ann, output, types, areas };
        command.SetAction(parse => ToolGuard.Run("detect coco-error-analysis", () =>
        {
            var gt = CocoAnnotationFile.Load(parse.GetValue(ann)!);
            string path = parse.GetValue(results)!;
            var loaded = CocoResultsJson.Load(path);
            if (loaded.Count == 0) Console.Error.WriteLine($"warning: {path} holds no results; every curve but BG/FN is 0.");
            foreach (string type in parse.GetValue(types)!.Distinct())
            {
                var breakdown = CocoErrorAnalysis.Run(gt, loaded, type == "segm" ? IouType.Segm : IouType.Bbox, parse.GetValue(areas), path);
                var files = ErrorBreakdownPlot.SaveAll(breakdown, Path.Combine(parse.GetValue(output)!, type), type);
                Console.WriteLine($"{type}: " + string.Join("  ", ErrorBreakdown.Types.Select((t, i) => $"{t} {breakdown.Ap(i, null, 0):F3}")));
                Console.WriteLine($"{files.Count} figures in {Path.GetFullPath(Path.Combine(parse.GetValue(output)!, type))}");
            }
            return 0;
        }));
        return command;
    }
}
