// Benchmarks run in-process (the TorchSharp natives and the loader fix live in this output folder).
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Detect.Platform;

TorchRuntime.EnsureInitialized();
// `-- pipeline-throughput`: the loader measurement printed like reference/pipeline_opencv.py (see Pipeline/).
if (args is ["pipeline-throughput", ..]) { Detect.Benchmarks.Pipeline.PipelineThroughputRunner.Run(args); return; }
// `-- train-memory`: resident memory of the Quickstart's training after 100 and 1,000 iterations (see Engine/).
if (args is ["train-memory", ..]) { Detect.Benchmarks.Engine.TrainMemoryRunner.Run(args); return; }
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
