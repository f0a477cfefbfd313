using System.CommandLine;
using Detect.Platform;
using Detect.Config;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect print-config &lt;experiment&gt;</c>: prints the merged config (MMDetection's print_config),
/// after <c>--cfg-options</c>, with where each value came from, as JSON, or as one line per full key.
/// </summary>
public static class PrintConfigCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of the Python-like dict form." };
        var sources = new Option<bool>("--sources") { Description = "Comment each value with the config it came from." };
        var keys = new Option<bool>("--keys")
        {
            Description = "Print one line per value with its full key, list items by index (model.roi_head.bbox_head.1.loss_cls.loss_weight = 1.0): the keys --cfg-options takes.",
        };
        var command = experiment.AddTo(new Command("print-config", "Print an experiment's merged config.") { json, sources, keys });
        command.SetAction(parse => FailureReport.Run("detect print-config", () =>
        {
            var found = experiment.Find(parse).WithOptions(parse.GetValue(experiment.CfgOptions) ?? []);
            var origins = parse.GetValue(sources) ? found.Sources : null;
            Console.Write(parse.GetValue(json) ? ConfigJson.Serialize(found.Config) + "\n"
                : parse.GetValue(keys) ? ConfigPrinter.PrintKeys(found.Config, origins)
                : ConfigPrinter.Print(found.Config, origins));
            return 0;
        }));
        return command;
    }
}
