using System.CommandLine;
using Detect.Analysis.Results;
using Detect.Evaluation;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect analyze-results EXPERIMENT RESULTS.json --show-dir DIR [--topk 20] [--show-score-thr 0]</c>: MMDetection's
/// analyze_results.py: each test image's box mAP, and the best and worst topk drawn with ground truth and predictions
/// side by side into DIR/good and DIR/bad.
/// </summary>
public static class AnalyzeResultsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new ExperimentResultsOptions();
        var showDir = new Option<string>("--show-dir") { Description = "Where the good/ and bad/ pictures go.", Required = true };
        var topk = new Option<int>("--topk") { Description = "How many best and worst images to draw.", DefaultValueFactory = _ => 20 };
        var scoreThr = new Option<double>("--show-score-thr") { Description = "Draw predictions scoring at least this.", DefaultValueFactory = _ => 0 };
        var command = inputs.Create("analyze-results", "Rank test images by their mAP and draw the best and worst.", showDir, topk, scoreThr);
        command.SetAction(parse => ToolGuard.Run("detect analyze-results", () =>
        {
            var (dataset, detections) = inputs.Load(parse, "every image scores 0");
            var (ranking, files) = ResultShowcase.Write(dataset, detections, parse.GetValue(showDir)!, parse.GetValue(topk), parse.GetValue(scoreThr));
            Console.WriteLine($"{ranking.All.Count} images, mean of per-image mAP {(ranking.All.Count == 0 ? 0 : ranking.All.Average(s => s.MAp)):F4}");
            foreach (var (name, list) in new[] { ("good", ranking.Good), ("bad", ranking.Bad) })
                Console.WriteLine($"{name}: " + string.Join(", ", list.Select(s => $"{Path.GetFileName(s.Info.ImgPath)} {ClasswiseTable.Round3(s.MAp)}")));
            if (files.Count == 0) Console.WriteLine("nothing drawn: topk is capped at half the number of images, which is 0 here.");
            else Console.WriteLine($"{files.Count} pictures in {Path.GetFullPath(parse.GetValue(showDir)!)}");
            return 0;
        }));
        return command;
    }
}
