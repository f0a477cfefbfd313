using System.CommandLine;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary><c>detect env</c>: prints TorchSharp/libtorch versions, device and threads.</summary>
public static class EnvCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var command = new Command("env", "Print the environment: TorchSharp and libtorch versions, where libtorch was loaded from, device, threads.")
        {
            device,
        };
        command.SetAction(parse => FailureReport.Run("detect env", () =>
        {
            TorchRuntime.EnsureInitialized(TorchUse.Inference);
            Console.WriteLine(EnvironmentReport.Collect(parse.GetValue(device)));
            return 0;
        }));
        return command;
    }
}
