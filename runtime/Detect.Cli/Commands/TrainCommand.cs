using System.CommandLine;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary><c>detect train &lt;experiment&gt;</c>: trains a typed experiment from the zoo or a user assembly.</summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var device = CommonOptions.Device();
        var workDir = new Option<string?>("--work-dir") { Description = "Where checkpoints and logs go (default: runtime.work_dir, else work_dirs/<experiment>)." };
        var resume = new Option<bool>("--resume") { Description = "Resume from the latest checkpoint in the work dir." };
        var launcher = new Option<string>("--launcher") { Description = "none (one process) or mpi (data parallel: mpiexec -n N detect train ... --launcher mpi).", DefaultValueFactory = _ => "none" };
        var command = experiment.AddTo(new Command("train", "Train an experiment (a typed config) with the training engine.") { device, workDir, resume, launcher });
        command.SetAction(parse => FailureReport.Run("detect train", () =>
        {
            List<string> args = [.. experiment.CfgArguments(parse), "--device", parse.GetValue(device)!];
            if (parse.GetValue(workDir) is { } dir) args.AddRange(["--work-dir", dir]);
            if (parse.GetValue(resume)) args.Add("--resume");
            args.AddRange(["--launcher", parse.GetValue(launcher)!]);
            return experiment.Find(parse).Train([.. args]).ExitCode;
        }));
        return command;
    }
}
