using System.CommandLine;
using Detect.Config;
using Detect.Inference;
using Detect.Platform;
using TorchSharp;

namespace Detect.Cli.Commands;

/// <summary>
/// The options that name the model a command predicts with (<c>detect infer</c>, <c>detect serve</c>): the experiment
/// (<c>--config</c>, found in the zoo, in <c>--assembly</c> DLLs or among <see cref="ModelConfigs"/>), <c>--cfg-options</c>,
/// <c>--weights</c> and <c>--device</c>; and the <see cref="DetInferencer"/> they describe.
/// </summary>
/// <param name="configDescription">What <c>--config</c> says in the help (the commands use the name differently).</param>
public sealed class InferenceModelOptions(string configDescription)
{
    /// <summary><c>--config NAME</c>.</summary>
    public Option<string> Config { get; } = new("--config") { Description = configDescription, Required = true };

    /// <summary><c>--assembly DLL</c>, repeatable.</summary>
    public Option<string[]> Assemblies { get; } = new("--assembly") { Description = "A built assembly with your own experiments (repeatable); the zoo is always searched." };

    /// <summary><c>--cfg-options key=value ...</c>.</summary>
    public Option<string[]> CfgOptions { get; } = new("--cfg-options") { Description = "Override config keys, e.g. test_dataloader.dataset.pipeline.1.scale=[800,800].", AllowMultipleArgumentsPerToken = true };

    /// <summary><c>--weights W</c>.</summary>
    public Option<string?> Weights { get; } = new("--weights") { Description = "Checkpoint (.pth or .safetensors, Detect's key names); without it the model keeps its random initialization (a warning says so)." };

    /// <summary><c>--device</c>.</summary>
    public Option<string> Device { get; } = CommonOptions.Device();

    /// <summary>The options, to list in a command.</summary>
    public IEnumerable<Option> All => [Config, Assemblies, CfgOptions, Weights, Device];

    /// <summary>
    /// The inferencer the options describe: a torchvision model of <see cref="ModelConfigs"/> (torchvision's own settings,
    /// until the zoo records reproduce them), else the experiment found in the zoo and the given assemblies.
    /// </summary>
    public DetInferencer Build(ParseResult parse)
    {
        string name = parse.GetValue(Config)!, device = parse.GetValue(Device)!;
        string? weights = parse.GetValue(Weights);
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        if (ModelConfigs.TryResolve(name) is { } entry)
        {
            var model = entry.Build();
            try
            {
                if (weights is null) Console.Error.WriteLine($"warning: no --weights given; {name} runs with randomly initialized weights.");
                else InferencerWeights.Load(model, weights, Console.Error.WriteLine);
                model.to(DeviceSelector.Resolve(device));
                return new DetInferencer(model, InferencePipeline.LoadAndPack(), entry.Classes, log: Console.WriteLine);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        var experiment = ExperimentCatalog.Find(name, [typeof(Models.Zoo.RetinaNetR50Fpn1xCoco).Assembly, .. ExperimentCatalog.Load(parse.GetValue(Assemblies) ?? [])])
            .WithOptions(parse.GetValue(CfgOptions) ?? []);
        return DetInferencer.FromExperiment(experiment, weights, device, Console.Error.WriteLine);
    }
}
