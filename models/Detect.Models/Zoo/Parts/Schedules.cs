using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>The 12-epoch schedule (MMDetection's <c>_base_/schedules/schedule_1x.py</c>): SGD, linear warmup over 500 iterations, steps at epochs 8 and 11.</summary>
[ConfigPart(ConfigPartKind.Schedule)]
[EpochBasedTrainLoop(MaxEpochs = 12, ValInterval = 1)]
[LinearLr(StartFactor = 0.001, ByEpoch = false, Begin = 0, End = 500)]
[MultiStepLr(Begin = 0, End = 12, ByEpoch = true, Milestones = [8, 11], Gamma = 0.1)]
[OptimWrapper]
[Sgd(Lr = 0.02, Momentum = 0.9, WeightDecay = 0.0001)]
[AutoScaleLr(Enable = false, BaseBatchSize = 16)]
public abstract record Schedule1x;

/// <summary>The 24-epoch schedule (MMDetection's <c>_base_/schedules/schedule_2x.py</c>): steps at epochs 16 and 22.</summary>
[ConfigPart(ConfigPartKind.Schedule)]
[BaseParts(typeof(Schedule1x))]
[EpochBasedTrainLoop(MaxEpochs = 24, ValInterval = 1)]
[LinearLr(StartFactor = 0.001, ByEpoch = false, Begin = 0, End = 500)]
[MultiStepLr(Begin = 0, End = 24, ByEpoch = true, Milestones = [16, 22], Gamma = 0.1)]
public abstract record Schedule2x;

/// <summary>
/// The schedule of MMDetection's <c>common/ms_3x_coco.py</c>: 12 epochs over a 3× repeated train set (36 passes over the
/// images), steps at epochs 9 and 11, SGD 0.02.
/// </summary>
[ConfigPart(ConfigPartKind.Schedule)]
[BaseParts(typeof(Schedule1x))]
[EpochBasedTrainLoop(MaxEpochs = 12, ValInterval = 1)]
[LinearLr(StartFactor = 0.001, ByEpoch = false, Begin = 0, End = 500)]
[MultiStepLr(Begin = 0, End = 12, ByEpoch = true, Milestones = [9, 11], Gamma = 0.1)]
public abstract record ScheduleMs3x;
