// Benchmarks run in-process (the TorchSharp natives and the loader fix live in this output folder).
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Detect.Platform;

// The runners that train start as training processes (oneDNN capped where the host's convolution gradients are wrong,
// ConvGradientPath); everything else here predicts, evaluates or loads data and runs at the host's widest ISA.
bool trains = args is ["train-memory", ..] or ["train-step", ..];
TorchRuntime.EnsureInitialized(trains ? TorchUse.Training : TorchUse.Inference);
// `-- pipeline-throughput`: the loader measurement printed like reference/pipeline_opencv.py (see Pipeline/).
if (args is ["pipeline-throughput", ..]) { Detect.Benchmarks.Pipeline.PipelineThroughputRunner.Run(args); return; }
// `-- train-memory`: resident memory of the Quickstart's training after 100 and 1,000 iterations (see Engine/).
if (args is ["train-memory", ..]) { Detect.Benchmarks.Engine.TrainMemoryRunner.Run(args); return; }
// `-- train-step`: Faster R-CNN R50-FPN training steps beside reference/fasterrcnn_train_torchvision.py (see Models/).
if (args is ["train-step", ..]) { Detect.Benchmarks.Models.FasterRcnnTrainStepRunner.Run(args); return; }
// `-- serve-load`: detect serve's server under 8 concurrent clients, batching on and off, and malformed bodies (see Serving/).
if (args is ["serve-load", ..]) { await Detect.Benchmarks.Serving.ServeLoadRunner.RunAsync(args); return; }
// `-- onnx`: ONNX Runtime beside TorchSharp for a torchvision-parity single-stage detector (see Models/).
if (args is ["onnx", ..]) { Detect.Benchmarks.Models.OnnxRuntimeComparisonRunner.Run(args); return; }
// `-- onnx-stages`: a two-stage detector's graph against TorchSharp stage by stage (proposals, RoI features, box head, post-processing).
if (args is ["onnx-stages", ..]) { Detect.Benchmarks.Models.OnnxTwoStageStagesRunner.Run(args); return; }
// `-- onnx-dump DIR`: exported graphs with TorchSharp's outputs as .npy, for tests/golden/onnx/cross_check.py (see Onnx/).
if (args is ["onnx-dump", ..]) { Detect.Benchmarks.Onnx.OnnxReferenceDumpRunner.Run(args); return; }
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
