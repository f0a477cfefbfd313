using Detect.Config;

namespace Detect.Runtime.Tests.Config;

/// <summary>print_config-style printing and JSON serialization of config records.</summary>
public sealed class ConfigTextTests
{
    private static readonly IExperiment Experiment = new SmallExperiment();

    [Fact]
    public void Prints_python_like_dicts_with_origins()
    {
        var text = ConfigPrinter.Print(Experiment.Config, Experiment.Sources);
        Assert.Contains("""
            train_dataloader = dict(
                batch_size=2,  # set in SmallExperiment
                num_workers=2,
                persistent_workers=True,
                drop_last=False,
                aspect_ratio_grouping=False,
                skip_bad_samples=False,
                dataset=dict(
                    type='CocoDataset',
                    data_root='data/coco/',
                    ann_file='train.json',
                    data_prefix='',
                    classes=[],
            """.Replace("\r\n", "\n"), text);
        Assert.Contains("""
                sampler=dict(
                    type='DefaultSampler',
                    shuffle=True,
                    seed=0,
                ),
            )
            """.Replace("\r\n", "\n"), text);
        Assert.Contains("""
            param_scheduler = [
                dict(
                    type='LinearLR',
                    begin=0,
                    end=500,
                    by_epoch=False,
                    convert_to_iter_based=False,
                    start_factor=0.001,
                    end_factor=1.0,
                ),
            """.Replace("\r\n", "\n"), text);
        Assert.Contains("priority='high'", text);
    }

    [Fact]
    public void Json_round_trips_to_an_equal_config()
    {
        var json = ConfigJson.Serialize(Experiment.Config);
        Assert.Contains("\"type\": \"MultiStepLR\"", json);
        Assert.Contains("\"milestones\": [\n        8,\n        11\n      ]", json.Replace("\r\n", "\n"));
        var back = ConfigJson.Deserialize(json);
        Assert.Equal(Experiment.Config, back);
        Assert.IsType<EpochBasedTrainLoopConfig>(back.TrainCfg);
        Assert.Equal(typeof(CountingHook), ((CustomHookConfig)back.CustomHooks[0]).HookType);
    }

    [Fact]
    public void Json_with_an_unknown_type_names_the_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigJson.Deserialize("""{ "train_cfg": { "type": "NoSuchLoop" } }"""));
        Assert.Equal("config JSON: no loaded TrainLoopConfig has type 'NoSuchLoop' (at 'train_cfg').", error.Message);
    }
}
