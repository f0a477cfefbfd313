using System.CommandLine;
using Detect.Analysis.Confusion;
using Detect.Analysis.Plots;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect confusion-matrix EXPERIMENT RESULTS.json --out DIR [--score-thr 0.3] [--tp-iou-thr 0.5] [--nms-iou-thr T]</c>:
/// MMDetection's confusion_matrix.py: DIR/confusion_matrix.png (row-normalized heatmap) and DIR/confusion_matrix.csv (counts).
/// </summary>
public static class ConfusionMatrixCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new ExperimentResultsOptions();
        var output = new Option<string>("--out") { Description = "Folder for confusion_matrix.png and confusion_matrix.csv.", Required = true };
        var scoreThr = new Option<double>("--score-thr") { Description = "Detections scoring below this are not counted.", DefaultValueFactory = _ => 0.3 };
        var tpIouThr = new Option<double>("--tp-iou-thr") { Description = "IoU at which a detection matches a ground truth.", DefaultValueFactory = _ => 0.5 };
        var nmsIouThr = new Option<double?>("--nms-iou-thr") { Description = "Run per-class NMS again with this IoU threshold first." };
        var command = inputs.Create("confusion-matrix", "Confusion matrix of detections (classes + background), as a picture and a CSV.",
            output, scoreThr, tpIouThr, nmsIouThr);
        command.SetAction(parse => ToolGuard.Run("detect confusion-matrix", () =>
        {
            var (dataset, detections) = inputs.Load(parse, "every ground truth is a miss");
            var matrix = ConfusionMatrix.Compute(dataset, detections, parse.GetValue(scoreThr), parse.GetValue(tpIouThr), parse.GetValue(nmsIouThr));
            string folder = parse.GetValue(output)!;
            string png = Path.Combine(folder, "confusion_matrix.png"), csv = Path.Combine(folder, "confusion_matrix.csv");
            int n = matrix.Labels.Count;
            PlotFiles.Save(ConfusionMatrixPlot.Draw(matrix), png, 160 + 90 * n, 120 + 80 * n);
            ConfusionMatrixCsv.Save(matrix, csv);
            Console.WriteLine($"{png}\n{csv}");
            return 0;
        }));
        return command;
    }
}
