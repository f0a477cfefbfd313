using Detect.Datasets;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Config;

/// <summary>
/// What a generated experiment offers: its merged config and where each value came from, the model,
/// pipelines and hooks built from that config, and the Train/Test entry points (<c>dotnet run</c>
/// and <c>detect train &lt;name&gt;</c> both end here).
/// </summary>
public interface IExperiment
{
    /// <summary>The experiment's name (its record name), e.g. <c>RetinaNetR50Fpn1xCoco</c>.</summary>
    string Name { get; }

    /// <summary>The merged, typed config.</summary>
    ExperimentConfig Config { get; }

    /// <summary>For each key, which config set it ("set in X", "inherited from Y", "set by --cfg-options").</summary>
    IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>Checks the config (the same checks the compiler ran) and builds the detector.</summary>
    DetectionModel BuildModel();

    /// <summary>Builds the train loader's typed pipeline (DataInfo → PackedDetInputs).</summary>
    Pipeline<DataInfo, PackedDetInputs> BuildTrainPipeline();

    /// <summary>Builds the test loader's typed pipeline.</summary>
    Pipeline<DataInfo, PackedDetInputs> BuildTestPipeline();

    /// <summary>A copy with MMDetection-style overrides applied (<c>model.backbone.depth=101</c>), typed and validated.</summary>
    IExperiment WithOptions(IEnumerable<string> cfgOptions);

    /// <summary>
    /// Trains (arguments as <c>detect train</c>'s: <c>--cfg-options</c>, <c>--work-dir</c>, <c>--resume</c>, <c>--device</c>);
    /// returns the exit code, the last validation's metrics, the run folder and the checkpoints.
    /// </summary>
    RunResult Train(string[] args);

    /// <summary>Tests a checkpoint (<c>--checkpoint</c> plus <c>detect test</c>'s other options); returns the exit code and the metrics.</summary>
    RunResult Test(string[] args);
}
