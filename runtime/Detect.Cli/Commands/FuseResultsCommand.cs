using System.CommandLine;
using Detect.Analysis.Fusion;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect fuse-results R1.json R2.json ... --out fused.json [--ann ANN] [--weights w1 w2 ...] [--fusion-iou-thr 0.55]
/// [--skip-box-thr 0] [--conf-type avg]</c>: MMDetection's fuse_results.py (weighted boxes fusion), evaluated with
/// pycocotools' COCOeval when --ann is given.
/// </summary>
public static class FuseResultsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var results = new Argument<string[]>("pred_results") { Description = "COCO results files of several models.", Arity = ArgumentArity.OneOrMore };
        var ann = new Option<string?>("--ann") { Description = "Ground truth: fix the image list and evaluate the fused results." };
        var weights = new Option<double[]?>("--weights") { Description = "One weight per results file (default 1 each).", AllowMultipleArgumentsPerToken = true };
        var iouThr = new Option<double>("--fusion-iou-thr") { Description = "IoU above which boxes are fused.", DefaultValueFactory = _ => 0.55 };
        var skipThr = new Option<double>("--skip-box-thr") { Description = "Boxes scoring below this are left out.", DefaultValueFactory = _ => 0.0 };
        var confType = new Option<string>("--conf-type") { Description = "avg, max, box_and_model_avg or absent_model_aware_avg.", DefaultValueFactory = _ => "avg" };
        confType.AcceptOnlyFromAmong("avg", "max", "box_and_model_avg", "absent_model_aware_avg");
        var output = new Option<string>("--out") { Description = "The fused results (COCO results format).", Required = true };
        var command = new Command("fuse-results", "Fuse several models' detections with weighted boxes fusion.") { results, ann, weights, iouThr, skipThr, confType, output };
        command.SetAction(parse => ToolGuard.Run("detect fuse-results", () =>
        {
            var paths = parse.GetValue(results)!;
            var gt = parse.GetValue(ann) is { } annPath ? CocoAnnotationFile.Load(annPath) : null;
            var type = parse.GetValue(confType) switch
            {
                "max" => WbfConfType.Max,
                "box_and_model_avg" => WbfConfType.BoxAndModelAvg,
                "absent_model_aware_avg" => WbfConfType.AbsentModelAwareAvg,
                _ => WbfConfType.Avg,
            };
            var fused = ResultsFusion.Fuse([.. paths.Select(p => (IReadOnlyList<CocoResult>)CocoResultsJson.Load(p))], gt, parse.GetValue(weights),
                parse.GetValue(iouThr), parse.GetValue(skipThr), type, paths);
            string outPath = parse.GetValue(output)!;
            if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } folder) Directory.CreateDirectory(folder);
            CocoResultsJson.Save(outPath, fused);
            Console.WriteLine($"Fusion results have been saved to {outPath} ({fused.Count} boxes).");
            if (gt is not null)
            {
                Console.WriteLine("Evaluate fusion results using wbf...");
                Console.WriteLine(CocoEval.Run(gt, fused, CocoEvalParams.Bbox, outPath).Summary());
            }
            return 0;
        }));
        return command;
    }
}
