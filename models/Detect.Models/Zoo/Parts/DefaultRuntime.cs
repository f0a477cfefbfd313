using Detect.Config;
using Detect.Engine;

namespace Detect.Models.Zoo;

/// <summary>MMDetection's <c>_base_/default_runtime.py</c>: the default hooks and runtime settings.</summary>
[ConfigPart(ConfigPartKind.Runtime)]
[IterTimerHook]
[LoggerHook(Interval = 50)]
[ParamSchedulerHook]
[CheckpointHook(Interval = 1)]
[DistSamplerSeedHook]
[DetVisualizationHook]
[Runtime(LogLevel = LogLevel.Info, Resume = false)]
public abstract record DefaultRuntime;
