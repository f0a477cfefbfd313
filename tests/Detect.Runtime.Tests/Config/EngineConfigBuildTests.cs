using Detect.Config;
using Detect.Engine;
using Detect.Evaluation;

namespace Detect.Runtime.Tests.Config;

/// <summary>The engine's config records build their runtime objects through the generated <c>Build()</c>, values by name.</summary>
public sealed class EngineConfigBuildTests
{
    [Fact]
    public void Optimizers_build_their_settings()
    {
        var sgd = Assert.IsType<SgdOptions>(new SgdConfig { Lr = 0.01, Momentum = 0.8, Nesterov = true }.Build());
        Assert.Equal((0.01, 0.8, 0.0001, true), (sgd.Lr, sgd.Momentum, sgd.WeightDecay, sgd.Nesterov));
        var adam = Assert.IsType<AdamOptions>(new AdamConfig { Betas = [0.5, 0.9], WeightDecay = 0.1 }.Build());
        Assert.Equal((0.001, (0.5, 0.9), 0.1, 1e-8), (adam.Lr, adam.Betas, adam.WeightDecay, adam.Eps));
        var adamw = Assert.IsType<AdamWOptions>(new AdamWConfig().Build());
        Assert.Equal((0.0001, (0.9, 0.999), 0.05), (adamw.Lr, adamw.Betas, adamw.WeightDecay));

        var wrapper = Assert.IsType<OptimWrapperOptions>(new OptimWrapperConfig
        {
            Optimizer = new SgdConfig(), ParamwiseCfg = new ParamwiseCfgConfig { NormDecayMult = 0 }, ClipGrad = new ClipGradConfig { MaxNorm = 10 },
            OnInvalidLoss = InvalidLossPolicy.Skip,
        }.Build());
        Assert.IsType<SgdOptions>(wrapper.Optimizer);
        Assert.Equal((1.0, 1.0, 0.0), (wrapper.Paramwise!.BiasLrMult, wrapper.Paramwise.BiasDecayMult, wrapper.Paramwise.NormDecayMult));
        Assert.Equal((10.0, 2.0), (wrapper.ClipGrad!.MaxNorm, wrapper.ClipGrad.NormType));
        Assert.Equal(InvalidLossPolicy.Skip, wrapper.OnInvalidLoss);
        // The default: a NaN loss stops the run.
        Assert.Equal(InvalidLossPolicy.Stop, Assert.IsType<OptimWrapperOptions>(new OptimWrapperConfig { Optimizer = new SgdConfig() }.Build()).OnInvalidLoss);
    }

    [Fact]
    public void Schedules_and_loops_build_with_MMEngines_meanings()
    {
        var warmup = Assert.IsType<LinearLR>(new LinearLrConfig { StartFactor = 0.001, ByEpoch = false, End = 500 }.Build());
        Assert.Equal((0.001, 0, 500, false), (warmup.StartFactor, warmup.Begin, warmup.End, warmup.ByEpoch));
        // The config's int.MaxValue is MMEngine's INF; T_max 0 means end - begin.
        var cosine = Assert.IsType<CosineAnnealingLR>(new CosineAnnealingLrConfig().Build());
        Assert.Equal((LrSchedule.Inf, (int?)null), (cosine.End, cosine.TMax));
        Assert.Equal([8, 11], Assert.IsType<MultiStepLR>(new MultiStepLrConfig { Milestones = [8, 11] }.Build()).Milestones);
        var epochs = Assert.IsType<EpochBasedTrainLoopOptions>(new EpochBasedTrainLoopConfig { MaxEpochs = 3, ValInterval = 2 }.Build());
        Assert.Equal((3, 2), (epochs.MaxEpochs, epochs.ValInterval));
        var iters = Assert.IsType<IterBasedTrainLoopOptions>(new IterBasedTrainLoopConfig().Build());
        Assert.Equal((90000, 10000), (iters.MaxIters, iters.ValInterval));
        var scale = Assert.IsType<AutoScaleLr>(new AutoScaleLrConfig { Enable = true }.Build());
        Assert.Equal((true, 16), (scale.Enable, scale.BaseBatchSize));
    }

    [Fact]
    public void Hooks_and_evaluators_build_from_their_configs()
    {
        var checkpoint = Assert.IsType<CheckpointHook>(new CheckpointHookConfig { Interval = 2, SaveBest = "coco/bbox_mAP", MaxKeepCkpts = 3 }.Build());
        Assert.Equal((2, 3, "coco/bbox_mAP"), (checkpoint.Interval, checkpoint.MaxKeepCkpts, checkpoint.SaveBest));
        Assert.False(Assert.IsType<DetVisualizationHook>(new DetVisualizationHookConfig().Build()).Draw);
        Assert.Equal("vis_data/test", Assert.IsType<DetVisualizationHook>(new DetVisualizationHookConfig().Build()).TestOutDir);
        Assert.IsType<DistSamplerSeedHook>(new DistSamplerSeedHookConfig().Build());
        var ema = Assert.IsType<EmaHook>(new EmaHookConfig { Momentum = 0.01, Priority = HookPriority.AboveNormal }.Build());
        Assert.Equal(HookPriorities.AboveNormal, ema.Priority);

        var voc = Assert.IsType<VocMetric>(new VocMetricConfig().Build());
        Assert.Equal(VocEvalMode.ElevenPoints, voc.EvalMode);
        Assert.Equal([0.5], voc.IouThrs);
        Assert.Equal(VocEvalMode.Area, Assert.IsType<VocMetric>(new VocMetricConfig().With("eval_mode", "area").Build()).EvalMode);
        Assert.Equal(VocEvalMode.ElevenPoints, Assert.IsType<VocMetric>(new VocMetricConfig().With("eval_mode", "11points").Build()).EvalMode);
        Assert.IsType<CocoEvaluator>(new CocoMetricConfig().Build());
    }
}
