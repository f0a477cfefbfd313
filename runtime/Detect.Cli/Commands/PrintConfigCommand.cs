using System.CommandLine;
using Detect.Platform;
using Detect.Config;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect print-config &lt;experiment&gt;</c>: prints the merged config (MMDetection's print_config),
/// after <c>--cfg-options</c>, with where each value came from, or as JSON.
/// </summary>
public static class PrintConfigCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of the Python-like dict form." };
        var sources = new Option<bool>("--sources") { Description = "Comment each value with the config it came from." };
        var command = experiment.AddTo(new Command("print-config", "Print an experiment's merged config.") { json, sources });
        command.SetAction(parse => FailureReport.Run("detect print-config", () =>
        {
            var found = experiment.Find(parse).WithOptions(parse.GetValue(experiment.CfgOptions) ?? []);
            Console.Write(parse.GetValue(json)
                ? ConfigJson.Serialize(found.Config) + "\n"
                : ConfigPrinter.Print(found.Config, parse.GetValue(sources) ? found.Sources : null));
            return 0;
        }));
        return command;
    }
}
