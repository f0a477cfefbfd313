using Detect.Config;

namespace Detect.Runtime.Tests.Config;

/// <summary><c>--cfg-options</c>: keys checked against the config graph, values typed, the result re-checked by the config rules.</summary>
public sealed class CfgOptionsTests
{
    private static readonly IExperiment Experiment = new SmallExperiment();

    [Fact]
    public void Sets_typed_values_and_leaves_the_original_unchanged()
    {
        var changed = Experiment.WithOptions(["train_dataloader.batch_size=4", "runtime.resume=True", "runtime.log_level='DEBUG'", "train_dataloader.dataset.data_root=/tmp/x/"]);
        Assert.Equal(4, changed.Config.TrainDataloader!.BatchSize);
        Assert.True(changed.Config.Runtime!.Resume);
        Assert.Equal(Detect.Engine.LogLevel.Debug, changed.Config.Runtime.LogLevel);
        Assert.Equal("/tmp/x/", ((CocoDatasetConfig)changed.Config.TrainDataloader.Dataset!).DataRoot);
        Assert.True(Assert.IsType<DefaultSamplerConfig>(changed.Config.TrainDataloader.Sampler).Shuffle);
        Assert.Equal(2, Experiment.Config.TrainDataloader!.BatchSize);
        Assert.Equal("set by --cfg-options", changed.Sources["train_dataloader.batch_size"]);
    }

    [Fact]
    public void Addresses_list_items_by_index_and_parses_lists()
    {
        var changed = Experiment.WithOptions(["param_scheduler.1.milestones=[9,10]", "param_scheduler.0.by_epoch=false", "train_dataloader.sampler.shuffle=False"]);
        Assert.False(Assert.IsType<DefaultSamplerConfig>(changed.Config.TrainDataloader!.Sampler).Shuffle);
        Assert.Equal([9, 10], ((MultiStepLrConfig)changed.Config.ParamScheduler[1]).Milestones);
        Assert.False(changed.Config.ParamScheduler[0].ByEpoch);
    }

    [Theory]
    [InlineData("train_dataloader.batch_sizes=4", "'train_dataloader' () has no key 'batch_sizes'; its keys are batch_size, num_workers")]
    [InlineData("train_dataloader.batch_size=two", "'two' is not a Int32")]
    [InlineData("train_dataloader=1", "'train_dataloader' is a component")]
    [InlineData("param_scheduler.5.end=3", "'param_scheduler' is a list of 2")]
    [InlineData("model.backbone.depth=101", "'model' is not set in this config, so it has no 'backbone'")]
    [InlineData("train_dataloader.batch_size", "expected key=value")]
    public void Rejects_unknown_keys_and_bad_values_with_the_key_in_the_message(string option, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => Experiment.WithOptions([option]));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void None_empties_a_component_slot_and_a_list_slot()
    {
        var config = CfgOptions.Apply(Experiment.Config, CfgOptions.Parse(["default_hooks.checkpoint=None", "custom_hooks=None"]), "SmallExperiment");
        Assert.Null(config.DefaultHooks!.Checkpoint);
        Assert.Empty(config.CustomHooks);
        Assert.NotNull(Experiment.Config.DefaultHooks!.Checkpoint);
        Assert.Single(Experiment.Config.CustomHooks);
    }

    [Theory]
    [InlineData("train_dataloader.batch_size=0", "DET501: DataLoader.BatchSize 0 is outside [1, 2147483647]")]
    [InlineData("train_cfg.max_epochs=6", "DET404: MultiStepLR.Milestones [8, 11] (default) is beyond max_epochs 6 (set by --cfg-options)")]
    [InlineData("param_scheduler.1.milestones=[11,8]", "DET403: MultiStepLR.Milestones [11, 8] (set by --cfg-options) must be strictly increasing")]
    public void Re_runs_the_compile_time_rules_on_the_result(string option, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => Experiment.WithOptions([option]));
        Assert.Contains(message, error.Message);
    }
}
