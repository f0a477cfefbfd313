using System.CommandLine;

namespace Detect.Cli.Commands;

/// <summary>Options several commands share, so they are spelled and documented once.</summary>
public static class CommonOptions
{
    /// <summary><c>--device auto|cpu|cuda|cuda:N</c>; auto picks CUDA when available.</summary>
    public static Option<string> Device() => new("--device")
    {
        Description = "Device to run on: auto (CUDA when available), cpu, cuda or cuda:N.",
        DefaultValueFactory = _ => "auto",
    };
}
