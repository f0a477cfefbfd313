using System.CommandLine;
using Detect.Config;
using Detect.Inference;
using Detect.Platform;
using TorchSharp;

namespace Detect.Cli.Commands;

/// <summary>
/// The options that name the model a command predicts with (<c>detect infer</c>, <c>detect serve</c>): the experiment
/// (<c>--config</c>, found in the zoo or in <c>--assembly</c> DLLs), <c>--cfg-options</c>,
/// <c>--weights</c>, <c>--device</c>, and what runs the forward (<c>--backend torch|onnxruntime</c> with <c>--model</c> and
/// <c>--threads</c>); and the <see cref="DetInferencer"/> they describe.
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

    /// <summary><c>--backend torch|onnxruntime</c>.</summary>
    public Option<string> Backend { get; } = BackendOption();

    /// <summary><c>--model model.onnx</c>, with <c>--backend onnxruntime</c>.</summary>
    public Option<string?> OnnxModel { get; } = new("--model") { Description = "The ONNX file from 'detect export' (with --backend onnxruntime); --weights then only names the classes." };

    /// <summary><c>--threads N</c>: ONNX Runtime's intra-op threads.</summary>
    public Option<int> Threads { get; } = new("--threads") { Description = "ONNX Runtime's intra-op threads (0: its choice).", DefaultValueFactory = _ => 0 };

    /// <summary>The options, to list in a command.</summary>
    public IEnumerable<Option> All => [.. Naming, Device, Backend, OnnxModel, Threads];

    /// <summary>The options that name the model and its weights only (<c>detect export</c>, which runs nothing).</summary>
    public IEnumerable<Option> Naming => [Config, Assemblies, CfgOptions, Weights];

    /// <summary>The experiment <c>--config</c> names, from the zoo or the <c>--assembly</c> DLLs, with <c>--cfg-options</c> applied.</summary>
    public IExperiment FindExperiment(ParseResult parse) =>
        ExperimentCatalog.Find(parse.GetValue(Config)!, [typeof(Models.Zoo.RetinaNetR50Fpn1xCoco).Assembly, .. ExperimentCatalog.Load(parse.GetValue(Assemblies) ?? [])])
            .WithOptions(parse.GetValue(CfgOptions) ?? []);

    static Option<string> BackendOption()
    {
        var backend = new Option<string>("--backend") { Description = "What runs the model: torch (TorchSharp) or onnxruntime (with --model).", DefaultValueFactory = _ => "torch" };
        backend.AcceptOnlyFromAmong("torch", "onnxruntime");
        return backend;
    }

    /// <summary>
    /// The inferencer the options describe: the experiment found in the zoo and the given assemblies; with
    /// <c>--backend onnxruntime</c> its forward runs the exported graph (so missing weights are no warning).
    /// </summary>
    public DetInferencer Build(ParseResult parse)
    {
        string name = parse.GetValue(Config)!, device = parse.GetValue(Device)!;
        string? weights = parse.GetValue(Weights), onnxModel = parse.GetValue(OnnxModel);
        bool onnx = parse.GetValue(Backend) == "onnxruntime";
        if (onnx != onnxModel is not null)
            throw new ConfigurationException(onnx ? "--backend onnxruntime needs --model model.onnx (from 'detect export')." : "--model is for --backend onnxruntime.");
        var inferencer = Torch(parse, name, weights, device, warnRandom: !onnx);
        if (!onnx) return inferencer;
        try
        {
            Onnx.Runtime.OnnxRuntimeInferencer.Attach(inferencer, onnxModel!, parse.GetValue(Threads));
            return inferencer;
        }
        catch
        {
            inferencer.Dispose();
            throw;
        }
    }

    DetInferencer Torch(ParseResult parse, string name, string? weights, string device, bool warnRandom)
    {
        var experiment = FindExperiment(parse);
        Action<string> log = warnRandom ? Console.Error.WriteLine : Onnx.Runtime.OnnxRuntimeInferencer.WithoutRandomWeightsWarning(Console.Error.WriteLine);
        return DetInferencer.FromExperiment(experiment, weights, device, log);
    }
}
