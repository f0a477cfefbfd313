using Detect.Config;
using Detect.Data;
using Detect.Engine;
using Detect.Engine.TestKit;
using Detect.Structures;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// The config seam end to end: an experiment's <c>Train(args)</c> / <c>Test(args)</c> reach the
/// registered <see cref="ExperimentEngine"/>, which builds loaders, optimizer, schedules, evaluators and
/// hooks from the typed config and trains, resumes and tests.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ExperimentEngineTests(TinyData data)
{
    /// <summary>The tiny setup written as a typed config (records as the generator emits them); the model is the test kit's.</summary>
    sealed record TinyExperiment(ShapesSplit TrainSplit, ShapesSplit ValSplit) : Experiment
    {
        public override string Name => "TinyExperiment";

        public override DetectionModel BuildModel() => new TinyDetector(3);

        static DataLoaderConfig Loader(ShapesSplit split, bool train) => new()
        {
            BatchSize = 4,
            NumWorkers = 1,
            Shuffle = train,
            Dataset = new CocoDatasetConfig
            {
                DataRoot = split.Root + "/", AnnFile = $"annotations/instances_{split.Split}.json", DataPrefix = split.Split + "/",
                Classes = ["circle", "square", "triangle"], TestMode = !train,
                Pipeline = train
                    ? [new LoadImageFromFileConfig(), new LoadAnnotationsConfig(), new ResizeConfig { Scale = [32, 32] }, new RandomFlipConfig { Prob = 0.5 }, new PackDetInputsConfig()]
                    : [new LoadImageFromFileConfig(), new LoadAnnotationsConfig(), new ResizeConfig { Scale = [32, 32] }, new PackDetInputsConfig()],
            },
        };

        protected override ExperimentConfig CreateConfig() => new()
        {
            TrainDataloader = Loader(TrainSplit, train: true),
            ValDataloader = Loader(ValSplit, train: false),
            TestDataloader = Loader(ValSplit, train: false),
            ValEvaluator = new CocoMetricConfig(),
            TestEvaluator = new CocoMetricConfig(),
            TrainCfg = new EpochBasedTrainLoopConfig { MaxEpochs = 3, ValInterval = 1 },
            OptimWrapper = new OptimWrapperConfig
            {
                Optimizer = new SgdConfig { Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
                ParamwiseCfg = new ParamwiseCfgConfig { NormDecayMult = 0 },
                ClipGrad = new ClipGradConfig { MaxNorm = 10 },
            },
            ParamScheduler = [new LinearLrConfig { StartFactor = 0.1, ByEpoch = false, End = 4 }, new MultiStepLrConfig { Milestones = [1] }],
            AutoScaleLr = new AutoScaleLrConfig { Enable = true, BaseBatchSize = 4 },
            DefaultHooks = new DefaultHooksConfig
            {
                Timer = new IterTimerHookConfig(),
                Logger = new LoggerHookConfig { Interval = 2, ProgressBar = false },
                ParamScheduler = new ParamSchedulerHookConfig(),
                Checkpoint = new CheckpointHookConfig { Interval = 1, MaxKeepCkpts = 2, SaveBest = "coco/bbox_mAP_50" },
                SamplerSeed = new DistSamplerSeedHookConfig(),
            },
            CustomHooks = [new EmaHookConfig { Momentum = 0.01, Gamma = 4, Priority = HookPriority.AboveNormal }, new CheckInvalidLossHookConfig { Interval = 1 }],
            Runtime = new RuntimeConfig { Seed = 1 },
        };
    }

    [Fact]
    public void Train_resume_and_test_through_the_experiment_entry_points()
    {
        string work = data.NewWorkDir();
        var experiment = new TinyExperiment(data.Train, data.Val);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try { code = experiment.Train(["--work-dir", work, "--device", "cpu", "--cfg-options", "train_cfg.max_epochs=2"]); }
        finally { Console.SetError(previous); }
        Assert.True(code == 0, error.ToString());
        Assert.Equal(Path.Combine(work, "epoch_2.pth"), File.ReadAllText(Path.Combine(work, "last_checkpoint")));
        var engine = Assert.IsType<ExperimentEngine>(TrainingEngine.Current);
        Assert.Contains("coco/bbox_mAP", engine.LastMetrics!.Keys);
        Assert.Equal(work, Path.GetDirectoryName(engine.LastLogDir));
        Assert.True(File.Exists(Path.Combine(engine.LastLogDir!, Path.GetFileName(engine.LastLogDir!) + ".log")));

        Assert.Equal(0, experiment.Train(["--work-dir", work, "--device", "cpu", "--resume"]));
        Assert.Equal(["epoch_2.pth", "epoch_3.pth"], Directory.GetFiles(work, "epoch_*.pth").Select(Path.GetFileName).Order());
        Assert.Single(Directory.GetFiles(work, "best_coco_bbox_mAP_50_epoch_*.pth"));
        var log = File.ReadAllText(Directory.GetFiles(work, "*.log", SearchOption.AllDirectories).OrderBy(File.GetLastWriteTimeUtc).Last());
        Assert.Contains("Resumed from", log);
        Assert.Contains("Epoch(train) [3][4/4]", log);
        Assert.Contains("LR is set based on batch size of 4", log);

        Assert.Equal(0, experiment.Test(["--work-dir", work, "--device", "cpu", "--checkpoint", Path.Combine(work, "epoch_3.pth")]));
        Assert.InRange(engine.LastMetrics!["coco/bbox_mAP"], 0, 1);
    }

    [Fact]
    public void A_missing_image_ends_the_run_with_a_message_naming_it()
    {
        string root = data.NewWorkDir() + "-data";
        var (train, val) = TinySetup.Data(root);
        File.Delete(Path.Combine(train.ImageDir, "000002.jpg"));
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, new TinyExperiment(train, val).Train(["--work-dir", data.NewWorkDir(), "--device", "cpu"]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains(Path.Combine(train.ImageDir, "000002.jpg"), error.ToString());
    }
}
