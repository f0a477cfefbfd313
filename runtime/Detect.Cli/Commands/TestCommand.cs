using System.CommandLine;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary><c>detect test &lt;experiment&gt; --checkpoint FILE</c>: evaluates a checkpoint on the experiment's test loader.</summary>
public static class TestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var device = CommonOptions.Device();
        var checkpoint = new Option<string>("--checkpoint") { Description = "The weights to test.", Required = true };
        var workDir = new Option<string?>("--work-dir") { Description = "Where results and logs go." };
        var command = experiment.AddTo(new Command("test", "Test a checkpoint with an experiment's test loader and evaluator.") { checkpoint, device, workDir });
        command.SetAction(parse => FailureReport.Run("detect test", () =>
        {
            List<string> args = [.. experiment.CfgArguments(parse), "--device", parse.GetValue(device)!, "--checkpoint", parse.GetValue(checkpoint)!];
            if (parse.GetValue(workDir) is { } dir) args.AddRange(["--work-dir", dir]);
            return experiment.Find(parse).Test([.. args]).ExitCode;
        }));
        return command;
    }
}
