using System.CommandLine;
using System.Reflection;
using Detect.Config;

namespace Detect.Cli.Commands;

/// <summary>
/// What the experiment commands (train, test, print-config) share: the experiment's name, user
/// assemblies to look in besides the zoo, and MMDetection-style <c>--cfg-options</c>.
/// </summary>
public sealed class ExperimentOptions
{
    /// <summary>The experiment's record name (e.g. RetinaNetR50Fpn1xCoco) or full name.</summary>
    public Argument<string> Experiment { get; } = new("experiment") { Description = "Experiment name, e.g. RetinaNetR50Fpn1xCoco (zoo) or one from --assembly." };

    /// <summary><c>--assembly PATH</c>, repeatable.</summary>
    public Option<string[]> Assemblies { get; } = new("--assembly")
    {
        Description = "A built assembly with your own experiments (repeatable); the zoo (Detect.Models) is always searched.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--cfg-options key=value ...</c>.</summary>
    public Option<string[]> CfgOptions { get; } = new("--cfg-options")
    {
        Description = "Override config keys, typed and validated: model.backbone.depth=101 train_dataloader.batch_size=4 param_scheduler.1.milestones=[16,22]",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        command.Arguments.Add(Experiment);
        command.Options.Add(Assemblies);
        command.Options.Add(CfgOptions);
        return command;
    }

    /// <summary>Finds the experiment named on the command line in the zoo and the given assemblies.</summary>
    public IExperiment Find(ParseResult parse)
    {
        var assemblies = new List<Assembly> { typeof(Detect.Models.Zoo.RetinaNetR50Fpn1xCoco).Assembly };
        assemblies.AddRange(ExperimentCatalog.Load(parse.GetValue(Assemblies) ?? []));
        return ExperimentCatalog.Find(parse.GetValue(Experiment)!, assemblies);
    }

    /// <summary>The experiment with the <c>--cfg-options</c> overrides applied (for tools that read its config directly).</summary>
    public IExperiment FindConfigured(ParseResult parse) => Find(parse).WithOptions(parse.GetValue(CfgOptions) ?? []);

    /// <summary>The <c>--cfg-options</c> tokens as the experiment's Train/Test arguments.</summary>
    public IEnumerable<string> CfgArguments(ParseResult parse) =>
        parse.GetValue(CfgOptions) is { Length: > 0 } options ? ["--cfg-options", .. options] : [];
}
