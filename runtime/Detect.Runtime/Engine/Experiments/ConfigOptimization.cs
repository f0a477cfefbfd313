using Detect.Config;

namespace Detect.Engine;

/// <summary>Reads a typed config's <c>optim_wrapper</c>, <c>param_scheduler</c>, <c>auto_scale_lr</c> and <c>train_cfg</c> into the engine's settings.</summary>
public static class ConfigOptimization
{
    /// <summary><c>optim_wrapper</c> → optimizer, param-wise multipliers and clipping.</summary>
    public static OptimWrapperOptions OptimWrapper(OptimWrapperConfig config)
    {
        OptimizerOptions optimizer = config.Optimizer switch
        {
            SgdConfig sgd => new SgdOptions { Lr = sgd.Lr, Momentum = sgd.Momentum, WeightDecay = sgd.WeightDecay, Nesterov = sgd.Nesterov },
            AdamWConfig adamw when adamw.Betas.Count == 2 => new AdamWOptions
            {
                Lr = adamw.Lr, Beta1 = adamw.Betas[0], Beta2 = adamw.Betas[1], WeightDecay = adamw.WeightDecay, Eps = adamw.Eps,
            },
            null => throw new ConfigurationException("optim_wrapper has no optimizer."),
            var other => throw new ConfigurationException($"optim_wrapper.optimizer: the engine has no optimizer '{other.TypeName}' (SGD and AdamW are available)."),
        };
        var paramwise = config.ParamwiseCfg is { } p
            ? new ParamwiseOptions { BiasLrMult = p.BiasLrMult, BiasDecayMult = p.BiasDecayMult, NormDecayMult = p.NormDecayMult }
            : null;
        var clip = config.ClipGrad is { } c ? new GradClip(c.MaxNorm, c.NormType) : null;
        return new OptimWrapperOptions(optimizer, paramwise, clip) { OnInvalidLoss = config.OnInvalidLoss };
    }

    /// <summary>One <c>param_scheduler</c> entry → its schedule.</summary>
    public static LrSchedule Schedule(ParamSchedulerConfig config, int index)
    {
        LrSchedule schedule = config switch
        {
            LinearLrConfig l => new LinearLR { StartFactor = l.StartFactor, EndFactor = l.EndFactor },
            ConstantLrConfig c => new ConstantLR { Factor = c.Factor },
            MultiStepLrConfig m => new MultiStepLR { Milestones = [.. m.Milestones], Gamma = m.Gamma },
            CosineAnnealingLrConfig c => new CosineAnnealingLR { TMax = c.TMax > 0 ? c.TMax : null, EtaMin = c.EtaMin },
            PolyLrConfig p => new PolyLR { Power = p.Power, EtaMin = p.EtaMin },
            _ => throw new ConfigurationException($"param_scheduler[{index}]: the engine has no schedule '{config.TypeName}'."),
        };
        return schedule with
        {
            Begin = config.Begin,
            // The config spells MMEngine's INF as int.MaxValue.
            End = config.End >= LrSchedule.Inf ? LrSchedule.Inf : config.End,
            ByEpoch = config.ByEpoch,
            ConvertToIterBased = config.ConvertToIterBased,
        };
    }

    /// <summary><c>train_cfg</c> → the loop's settings.</summary>
    public static TrainLoopOptions TrainLoop(TrainLoopConfig config) => config switch
    {
        EpochBasedTrainLoopConfig e => new EpochBasedTrainLoopOptions(e.MaxEpochs) { ValInterval = e.ValInterval },
        IterBasedTrainLoopConfig i => new IterBasedTrainLoopOptions(i.MaxIters) { ValInterval = i.ValInterval },
        _ => throw new ConfigurationException($"train_cfg: the engine has no loop '{config.TypeName}'."),
    };

    /// <summary><c>auto_scale_lr</c>.</summary>
    public static AutoScaleLr? AutoScale(AutoScaleLrConfig? config) => config is null ? null : new AutoScaleLr(config.Enable, config.BaseBatchSize);
}
