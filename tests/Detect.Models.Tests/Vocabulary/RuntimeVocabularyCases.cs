using Detect.Config;
using Detect.Engine;
using static Detect.Models.Tests.Vocabulary.TinyRuntimeConfigs;

namespace Detect.Models.Tests.Vocabulary;

/// <summary>
/// How each runtime attribute is exercised: transforms run in a dataset's pipeline over the tiny shapes data (mixing
/// transforms inside a MultiImageMixDataset), datasets read every item, and the engine's parts (loops, optimizers,
/// schedulers, hooks, evaluators, loaders, runtime settings) take their place in a two-iteration experiment that trains
/// and validates through <c>Train()</c>.
/// </summary>
internal static class RuntimeVocabularyCases
{
    static VocabularyExercise Transform(Func<TransformConfig> baseline) => new(baseline, c => Read(InPipeline((TransformConfig)c)));

    static VocabularyExercise Dataset(Func<DatasetConfig> baseline) => new(baseline, c => Read((DatasetConfig)c));

    internal static VocabularyExercise Engine(Func<ComponentConfig> baseline, Func<ExperimentConfig, ComponentConfig, ExperimentConfig> place) =>
        new(baseline, c => Train(place(Short, c)));

    static VocabularyExercise Hook(Func<HookConfig> baseline) =>
        Engine(baseline, (e, c) => e with { CustomHooks = [(HookConfig)c] });

    static VocabularyExercise DefaultHook(Func<HookConfig> baseline, Func<DefaultHooksConfig, HookConfig, DefaultHooksConfig> place) =>
        Engine(baseline, (e, c) => e with { DefaultHooks = place(e.DefaultHooks!, (HookConfig)c) });

    /// <summary>A transform in the place a pipeline needs it: loading first, packing last, others between.</summary>
    static DatasetConfig InPipeline(TransformConfig transform) => transform switch
    {
        LoadImageFromFileConfig => Coco([transform, Annotations, Pack]),
        LoadAnnotationsConfig => Coco([Load, transform, Pack]),
        PackDetInputsConfig => Coco([Load, Annotations, transform]),
        MosaicConfig or MixUpConfig => new MultiImageMixDatasetConfig { Dataset = Coco([Load, Annotations]), Pipeline = [transform, Pack] },
        _ => Coco([Load, Annotations, transform, Pack]),
    };

    static VocabularyExercise Tta(Func<ComponentConfig> baseline, Func<ComponentConfig, ExperimentConfig> place) =>
        new(baseline, c => TestWithTta(place(c)));

    /// <summary>MMDetection's multi-scale flip TTA at the tiny data's scale: two sizes × flip, then packing (four views).</summary>
    static TestTimeAugConfig TwoScalesAndFlip(TtaChoiceConfig? scales = null) => new()
    {
        Transforms =
        [
            scales ?? new TtaChoiceConfig { Transforms = [new ResizeConfig { Scale = [40, 32] }, new ResizeConfig { Scale = [48, 40] }] },
            new TtaChoiceConfig { Transforms = [new RandomFlipConfig { Prob = 1.0 }, new RandomFlipConfig { Prob = 0.0 }] },
            new TtaChoiceConfig { Transforms = [Pack] },
        ],
    };

    static ExperimentConfig WithTrainSampler(ExperimentConfig e, ComponentConfig sampler) =>
        e with { TrainDataloader = e.TrainDataloader! with { Sampler = (DataSamplerConfig)sampler } };

    /// <summary>
    /// The experiment as MMDetection's <c>coco_instance</c> setting: a model that predicts masks, trained and validated on
    /// the polygon masks, so each COCO metric (bbox, segm, proposal) has the predictions it reads.
    /// </summary>
    static ExperimentConfig Instance(ExperimentConfig e, ComponentConfig evaluator)
    {
        var masks = new LoadAnnotationsConfig { WithMask = true };
        var resize = new ResizeConfig { Scale = [40, 32] };
        return e with
        {
            Model = TinyModelConfigs.MaskRcnn,
            TrainDataloader = e.TrainDataloader! with { Dataset = Coco([Load, masks, resize, new RandomFlipConfig(), Pack]) },
            ValDataloader = e.ValDataloader! with { Dataset = Coco([Load, masks, resize, Pack], train: false) },
            ValEvaluator = (EvaluatorConfig)evaluator,
        };
    }

    static ExperimentConfig WithOptimWrapper(ExperimentConfig e, Func<OptimWrapperConfig, OptimWrapperConfig> change) =>
        e with { OptimWrapper = change(e.OptimWrapper!) };

    public static readonly IReadOnlyDictionary<Type, VocabularyExercise> Exercises = new Dictionary<Type, VocabularyExercise>
    {
        [typeof(LoadImageFromFileAttribute)] = Transform(() => Load),
        [typeof(LoadAnnotationsAttribute)] = Transform(() => Annotations),
        [typeof(ResizeAttribute)] = Transform(() => new ResizeConfig { Scale = [24, 20] }),
        [typeof(RandomResizeAttribute)] = Transform(() => new RandomResizeConfig { Scale = [24, 20, 32, 28], KeepRatio = true }),
        [typeof(RandomChoiceResizeAttribute)] = Transform(() => new RandomChoiceResizeConfig { Scales = [24, 20, 32, 28] }),
        [typeof(RandomFlipAttribute)] = Transform(() => new RandomFlipConfig { Prob = 1.0 }),
        [typeof(RandomCropAttribute)] = Transform(() => new RandomCropConfig()),
        [typeof(PhotoMetricDistortionAttribute)] = Transform(() => new PhotoMetricDistortionConfig()),
        [typeof(ExpandAttribute)] = Transform(() => new ExpandConfig { Mean = [123.675, 116.28, 103.53], ToRgb = true, Prob = 1.0 }),
        [typeof(MinIoURandomCropAttribute)] = Transform(() => new MinIoURandomCropConfig()),
        [typeof(PadAttribute)] = Transform(() => new PadConfig { SizeDivisor = 32 }),
        [typeof(FilterAnnotationsAttribute)] = Transform(() => new FilterAnnotationsConfig()),
        [typeof(MosaicAttribute)] = Transform(() => new MosaicConfig { ImgScale = [32, 32], Prob = 1.0 }),
        [typeof(MixUpAttribute)] = Transform(() => new MixUpConfig { ImgScale = [32, 32] }),
        [typeof(PackDetInputsAttribute)] = Transform(() => Pack),
        [typeof(TestTimeAugAttribute)] = Tta(() => TwoScalesAndFlip(), c => Short with { TtaPipeline = [Load, (TransformConfig)c] }),
        [typeof(TtaChoiceAttribute)] = Tta(() => new TtaChoiceConfig { Transforms = [new ResizeConfig { Scale = [40, 32] }] },
            c => Short with { TtaPipeline = [Load, TwoScalesAndFlip((TtaChoiceConfig)c)] }),
        [typeof(DetTtaModelAttribute)] = Tta(() => new DetTtaModelConfig { IouThreshold = 0.6, MaxPerImg = 50 },
            c => Short with { TtaModel = (TtaModelConfig)c, TtaPipeline = [Load, TwoScalesAndFlip()] }),

        [typeof(CocoDatasetAttribute)] = Dataset(() => Coco([Load, Annotations, Pack])),
        [typeof(VocDatasetAttribute)] = Dataset(() => Voc([Load, Annotations, Pack])),
        [typeof(RepeatDatasetAttribute)] = Dataset(() => new RepeatDatasetConfig { Dataset = Coco([Load, Annotations, Pack]), Times = 2 }),
        [typeof(ClassBalancedDatasetAttribute)] = Dataset(() => new ClassBalancedDatasetConfig { Dataset = Coco([Load, Annotations, Pack]), OversampleThr = 0.5 }),
        [typeof(ConcatDatasetAttribute)] = Dataset(() => new ConcatDatasetConfig { Datasets = [Coco([Load, Annotations, Pack]), Voc([Load, Annotations, Pack])] }),
        [typeof(MultiImageMixDatasetAttribute)] = Dataset(() => new MultiImageMixDatasetConfig
        {
            Dataset = Coco([Load, Annotations]), Pipeline = [new MosaicConfig { ImgScale = [32, 32] }, Pack],
        }),

        [typeof(ExperimentAttribute)] = new(() => Short, c => Train((ExperimentConfig)c)),
        [typeof(RuntimeAttribute)] = Engine(() => Short.Runtime!, (e, c) => e with { Runtime = (RuntimeConfig)c }),
        [typeof(DataLoaderAttribute)] = Engine(() => Short.TrainDataloader!, (e, c) => e with { TrainDataloader = (DataLoaderConfig)c }),
        [typeof(DefaultSamplerAttribute)] = Engine(() => new DefaultSamplerConfig { Shuffle = true, Seed = 5 }, WithTrainSampler),
        [typeof(InfiniteSamplerAttribute)] = Engine(() => new InfiniteSamplerConfig { Shuffle = true }, WithTrainSampler),
        [typeof(CocoMetricAttribute)] = Engine(() => new CocoMetricConfig(), Instance),
        [typeof(VocMetricAttribute)] = Engine(() => new VocMetricConfig(), (e, c) => e with { ValEvaluator = (EvaluatorConfig)c }),
        [typeof(EpochBasedTrainLoopAttribute)] = Engine(() => new EpochBasedTrainLoopConfig { MaxEpochs = 1 }, (e, c) => e with { TrainCfg = (TrainLoopConfig)c }),
        [typeof(IterBasedTrainLoopAttribute)] = Engine(() => Short.TrainCfg!, (e, c) => e with { TrainCfg = (TrainLoopConfig)c }),
        [typeof(OptimWrapperAttribute)] = Engine(() => Short.OptimWrapper!, (e, c) => e with { OptimWrapper = (OptimWrapperConfig)c }),
        [typeof(SgdAttribute)] = Engine(() => new SgdConfig(), (e, c) => WithOptimWrapper(e, w => w with { Optimizer = (OptimizerConfig)c })),
        [typeof(AdamAttribute)] = Engine(() => new AdamConfig(), (e, c) => WithOptimWrapper(e, w => w with { Optimizer = (OptimizerConfig)c })),
        [typeof(AdamWAttribute)] = Engine(() => new AdamWConfig(), (e, c) => WithOptimWrapper(e, w => w with { Optimizer = (OptimizerConfig)c })),
        [typeof(ParamwiseCfgAttribute)] = Engine(() => new ParamwiseCfgConfig { NormDecayMult = 0 }, (e, c) => WithOptimWrapper(e, w => w with { ParamwiseCfg = (ParamwiseCfgConfig)c })),
        [typeof(ClipGradAttribute)] = Engine(() => new ClipGradConfig(), (e, c) => WithOptimWrapper(e, w => w with { ClipGrad = (ClipGradConfig)c })),
        [typeof(AutoScaleLrAttribute)] = Engine(() => new AutoScaleLrConfig { Enable = true }, (e, c) => e with { AutoScaleLr = (AutoScaleLrConfig)c }),
        [typeof(LinearLrAttribute)] = Engine(() => new LinearLrConfig { ByEpoch = false, End = 2 }, (e, c) => e with { ParamScheduler = [(ParamSchedulerConfig)c] }),
        [typeof(ConstantLrAttribute)] = Engine(() => new ConstantLrConfig { ByEpoch = false, End = 1 }, (e, c) => e with { ParamScheduler = [(ParamSchedulerConfig)c] }),
        [typeof(MultiStepLrAttribute)] = Engine(() => new MultiStepLrConfig { ByEpoch = false, Milestones = [1] }, (e, c) => e with { ParamScheduler = [(ParamSchedulerConfig)c] }),
        [typeof(CosineAnnealingLrAttribute)] = Engine(() => new CosineAnnealingLrConfig { ByEpoch = false, End = 2 }, (e, c) => e with { ParamScheduler = [(ParamSchedulerConfig)c] }),
        [typeof(PolyLrAttribute)] = Engine(() => new PolyLrConfig { ByEpoch = false, End = 2 }, (e, c) => e with { ParamScheduler = [(ParamSchedulerConfig)c] }),

        [typeof(DefaultHooksAttribute)] = Engine(() => Short.DefaultHooks!, (e, c) => e with { DefaultHooks = (DefaultHooksConfig)c }),
        [typeof(IterTimerHookAttribute)] = DefaultHook(() => new IterTimerHookConfig(), (d, h) => d with { Timer = h }),
        [typeof(LoggerHookAttribute)] = DefaultHook(() => new LoggerHookConfig { Interval = 1, ProgressBar = false }, (d, h) => d with { Logger = h }),
        [typeof(ParamSchedulerHookAttribute)] = DefaultHook(() => new ParamSchedulerHookConfig(), (d, h) => d with { ParamScheduler = h }),
        [typeof(CheckpointHookAttribute)] = DefaultHook(() => new CheckpointHookConfig { Interval = 1, ByEpoch = false, SaveBest = "coco/bbox_mAP" }, (d, h) => d with { Checkpoint = h }),
        [typeof(DistSamplerSeedHookAttribute)] = DefaultHook(() => new DistSamplerSeedHookConfig(), (d, h) => d with { SamplerSeed = h }),
        [typeof(DetVisualizationHookAttribute)] = DefaultHook(() => new DetVisualizationHookConfig { Draw = true, Interval = 1 }, (d, h) => d with { Visualization = h }),
        [typeof(EmaHookAttribute)] = Hook(() => new EmaHookConfig()),
        [typeof(CheckInvalidLossHookAttribute)] = Hook(() => new CheckInvalidLossHookConfig { Interval = 1 }),
        [typeof(CustomHookAttribute)] = Hook(() => new CustomHookConfig { HookType = typeof(CountingHook) }),
    };

    /// <summary>A user's hook for <c>[CustomHook(typeof(...))]</c>: counts the iterations it saw.</summary>
    public sealed class CountingHook : Hook
    {
        public int Iterations { get; private set; }

        public override void AfterTrainIter(Runner runner, int batchIdx, Structures.DetBatch batch, IReadOnlyDictionary<string, double> outputs) => Iterations++;
    }
}
