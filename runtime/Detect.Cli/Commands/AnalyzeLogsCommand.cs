using System.CommandLine;
using Detect.Analysis.Logs;
using Detect.Analysis.Plots;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect analyze-logs plot-curve LOG... --keys K... [--legend ...] [--title T] --out curve.png|.svg</c> and
/// <c>detect analyze-logs cal-train-time LOG... [--include-outliers]</c>: MMDetection's analyze_logs.py on the
/// <c>vis_data/scalars.json</c> files the engine writes.
/// </summary>
public static class AnalyzeLogsCommand
{
    /// <summary>Builds the command and its two subcommands.</summary>
    public static Command Create() => new("analyze-logs", "Plot loss/metric curves from training logs, or compute the average training iteration time.")
    {
        PlotCurve(), CalTrainTime(),
    };

    static Argument<string[]> Logs() => new("json_logs") { Description = "vis_data/scalars.json files of one or more runs.", Arity = ArgumentArity.OneOrMore };

    static Command PlotCurve()
    {
        var logs = Logs();
        var keys = new Option<string[]>("--keys")
        {
            Description = "Keys to plot: losses (loss, loss_cls ...) by iteration, metrics with mAP (bbox_mAP or coco/bbox_mAP) by epoch.",
            DefaultValueFactory = _ => ["bbox_mAP"],
            AllowMultipleArgumentsPerToken = true,
        };
        var legend = new Option<string[]?>("--legend") { Description = "One legend per log and key (logs outermost); default <log>_<key>.", AllowMultipleArgumentsPerToken = true };
        var title = new Option<string?>("--title") { Description = "Figure title." };
        var output = new Option<string>("--out") { Description = "The figure: .png or .svg (by extension).", Required = true };
        var command = new Command("plot-curve", "Plot keys of one or more training logs in one figure.") { logs, keys, legend, title, output };
        command.SetAction(parse => ToolGuard.Run("detect analyze-logs", () =>
        {
            var paths = parse.GetValue(logs)!;
            var keyList = parse.GetValue(keys)!;
            IReadOnlyList<string> legends = parse.GetValue(legend) is { Length: > 0 } given ? given : LogCurve.DefaultLegends(paths, keyList);
            if (legends.Count != paths.Length * keyList.Length)
                throw new Detect.Analysis.AnalysisException($"--legend needs {paths.Length * keyList.Length} entries (one per log and key), got {legends.Count}.");
            var curves = new List<LogCurve>();
            for (int i = 0; i < paths.Length; i++)
            {
                var log = TrainingLog.Load(paths[i]);
                for (int j = 0; j < keyList.Length; j++)
                {
                    Console.WriteLine($"plot curve of {paths[i]}, metric is {keyList[j]}");
                    curves.Add(LogCurve.Extract(log, keyList[j], legends[i * keyList.Length + j]));
                }
            }
            string path = parse.GetValue(output)!;
            PlotFiles.Save(LogCurvePlot.Draw(curves, parse.GetValue(title)), path);
            Console.WriteLine($"save curve to: {path}");
            return 0;
        }));
        return command;
    }

    static Command CalTrainTime()
    {
        var logs = Logs();
        var outliers = new Option<bool>("--include-outliers") { Description = "Include the first time of every epoch in the averages." };
        var command = new Command("cal-train-time", "Average time per training iteration, slowest and fastest epoch.") { logs, outliers };
        command.SetAction(parse => ToolGuard.Run("detect analyze-logs", () =>
        {
            foreach (string path in parse.GetValue(logs)!)
                foreach (string line in TrainTime.Compute(TrainingLog.Load(path), parse.GetValue(outliers)).Lines()) Console.WriteLine(line);
            return 0;
        }));
        return command;
    }
}
