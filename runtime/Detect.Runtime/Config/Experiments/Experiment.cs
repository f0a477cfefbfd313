using System.Text;
using Detect.Datasets;
using Detect.Platform;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Config;

/// <summary>
/// Base record of generated experiments. The generator overrides <see cref="CreateConfig"/> with the
/// merged config and <see cref="CreateSources"/> with where each value came from; building,
/// overrides and the entry points work from that config, so a <c>with</c>-modified or
/// <c>--cfg-options</c>-modified experiment builds what it says.
/// </summary>
public abstract record Experiment : IExperiment
{
    private ExperimentConfig? _config;
    private IReadOnlyDictionary<string, string>? _sources;

    /// <inheritdoc/>
    public virtual string Name => GetType().Name;

    /// <inheritdoc/>
    public ExperimentConfig Config
    {
        get => _config ??= CreateConfig();
        init => _config = value;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Sources
    {
        get => _sources ??= CreateSources();
        init => _sources = value;
    }

    /// <summary>The merged config (generated).</summary>
    protected abstract ExperimentConfig CreateConfig();

    /// <summary>Where each value came from (generated).</summary>
    protected virtual IReadOnlyDictionary<string, string> CreateSources() => new Dictionary<string, string>();

    /// <inheritdoc/>
    public virtual DetectionModel BuildModel()
    {
        TorchRuntime.EnsureInitialized();
        RuntimeChecks.Verify(this, new ModuleShapeProbe());
        var model = Config.Model ?? throw new ConfigurationException($"{Name}: the config has no model.");
        return model.Build() as DetectionModel
            ?? throw new ConfigurationException($"{Name}: model ({model.TypeName}) does not build a detector (a DetectionModel).");
    }

    /// <inheritdoc/>
    public virtual Pipeline<DataInfo, PackedDetInputs> BuildTrainPipeline() =>
        PipelineComposer.Compose(PipelineComposer.Steps(Config.TrainDataloader, "train_dataloader", Name), "train_dataloader.dataset.pipeline");

    /// <inheritdoc/>
    public virtual Pipeline<DataInfo, PackedDetInputs> BuildTestPipeline() =>
        PipelineComposer.Compose(PipelineComposer.Steps(Config.TestDataloader, "test_dataloader", Name), "test_dataloader.dataset.pipeline");

    /// <inheritdoc/>
    public IExperiment WithOptions(IEnumerable<string> cfgOptions)
    {
        var overrides = CfgOptions.Parse(cfgOptions);
        if (overrides.Count == 0) return this;
        var sources = new Dictionary<string, string>(Sources);
        foreach (var o in overrides) sources[o.Key] = "set by --cfg-options";
        var changed = this with { Config = CfgOptions.Apply(Config, overrides, Name), Sources = sources };
        RuntimeChecks.Verify(changed, probe: null);
        return changed;
    }

    /// <inheritdoc/>
    public RunResult Train(string[] args) => ExperimentLauncher.Train(this, args);

    /// <inheritdoc/>
    public RunResult Test(string[] args) => ExperimentLauncher.Test(this, args);

    /// <summary>Two experiments are equal when they are of the same type and their configs are equal.</summary>
    public virtual bool Equals(Experiment? other) => other is not null && other.GetType() == GetType() && Config.Equals(other.Config);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GetType(), Config);

    /// <summary>Prints the name only; <see cref="ConfigPrinter"/> prints the config.</summary>
    protected virtual bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name);
        return true;
    }
}
