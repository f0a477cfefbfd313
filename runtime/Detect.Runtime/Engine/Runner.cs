using System.Globalization;
using Detect.Checkpoints;
using Detect.Data;
using Detect.Distributed;
using Detect.Platform;
using Detect.Structures;
using Detect.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// Trains, validates and tests a detector (MMEngine's <c>Runner</c>): builds the optimizer, schedules
/// and loops from <see cref="RunnerOptions"/>, loads or resumes checkpoints, and calls its hooks at
/// every stage. One training iteration is: data preprocessing inside the model, <c>Loss</c>, the sum
/// of the terms whose name contains "loss", backward, gradient clipping, optimizer step, gradients
/// cleared — all inside one dispose scope, so native memory stays flat.
/// </summary>
/// <example>
/// <code>
/// Runner.SetRandomSeed(0);
/// var model = BuildDetector();
/// using var runner = new Runner(new RunnerOptions { Model = model, WorkDir = "work_dirs/shapes", TrainDataloader = train,
///     TrainCfg = new EpochBasedTrainLoopOptions(12), OptimWrapper = new(new SgdOptions { Lr = 0.01, Momentum = 0.9 }),
///     ValDataloader = val, ValEvaluator = new CocoEvaluator(new CocoMetric(valAnn)) });
/// runner.Train();
/// </code>
/// </example>
public sealed partial class Runner : IDisposable
{
    readonly List<Hook> hooks;
    TrainLoop? trainLoop;

    /// <summary>Creates the runner: resolves the device, moves the model there, creates the log folder and orders the hooks.</summary>
    public Runner(RunnerOptions options)
    {
        TorchRuntime.EnsureInitialized();
        Options = options;
        Model = options.Model;
        Device = DeviceSelector.Resolve(options.Device);
        Model.to(Device);
        WorkDir = Path.GetFullPath(options.WorkDir);
        Directory.CreateDirectory(WorkDir);
        Timestamp = DateTime.Now.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        // Data parallel: rank 0 alone writes the log folder, checkpoints and pictures (MMEngine's master_only).
        bool main = DistributedContext.IsMain;
        LogDir = main ? UniqueLogDir(WorkDir, Timestamp) : Path.Combine(WorkDir, Timestamp);
        Log = main ? new RunLog(Path.Combine(LogDir, Path.GetFileName(LogDir) + ".log")) : new RunLog(null, console: false);
        // MMEngine inserts each hook after every hook of lower or equal priority: a stable sort.
        hooks = [.. options.DefaultHooks.All.Concat(options.CustomHooks).Where(h => main || !h.MainRankOnly).OrderBy(h => h.Priority)];
        if (main && options.ConfigJson is { } json) File.WriteAllText(Path.Combine(LogDir, "config.json"), json);
    }

    /// <summary>The options the runner was made with.</summary>
    public RunnerOptions Options { get; }

    /// <summary>The detector.</summary>
    public DetectionModel Model { get; }

    /// <summary>Where tensors live.</summary>
    public Device Device { get; }

    /// <summary>The work dir (absolute).</summary>
    public string WorkDir { get; }

    /// <summary>This run's start time, <c>yyyyMMdd_HHmmss</c>.</summary>
    public string Timestamp { get; }

    /// <summary>This run's log folder, <c>&lt;work_dir&gt;/&lt;timestamp&gt;</c> (text log, <c>vis_data/scalars.json</c>, config).</summary>
    public string LogDir { get; }

    /// <summary>The text log.</summary>
    public RunLog Log { get; }

    /// <summary>Scalars and runtime information shared by hooks.</summary>
    public MessageHub MessageHub { get; } = new();

    /// <summary>The hooks in calling order.</summary>
    public IReadOnlyList<Hook> Hooks => hooks;

    /// <summary>The optimizer wrapper (built by <see cref="Train"/>).</summary>
    public OptimWrapper? OptimWrapper { get; private set; }

    /// <summary>The LR schedulers (built by <see cref="Train"/>).</summary>
    public IReadOnlyList<ParamScheduler> ParamSchedulers { get; private set; } = [];

    /// <summary>The train loop (built by <see cref="Train"/>).</summary>
    public TrainLoop? TrainLoop => trainLoop;

    /// <summary>The validation loop, when a val loader and evaluator are set.</summary>
    public ValLoop? ValLoop { get; private set; }

    /// <summary>Training epochs completed (the current epoch's index while it runs).</summary>
    public int Epoch => trainLoop?.Epoch ?? 0;

    /// <summary>Training iterations completed (the current iteration's index while it runs).</summary>
    public int Iter => trainLoop?.Iter ?? 0;

    /// <summary>Epochs to train (1 for an iteration-based loop).</summary>
    public int MaxEpochs => trainLoop?.MaxEpochs ?? 0;

    /// <summary>Iterations to train.</summary>
    public int MaxIters => trainLoop?.MaxIters ?? 0;

    /// <summary>Batches per training epoch; null for an infinite sampler.</summary>
    public int? BatchesPerEpoch => Options.TrainDataloader?.BatchesPerEpoch;

    /// <summary>Whether this run continued from a checkpoint.</summary>
    public bool Resumed { get; private set; }

    /// <summary>
    /// Seeds PyTorch's generators (MMEngine's <c>set_random_seed</c>); call it before building the
    /// model. On CPU a seeded run repeats its loss curve exactly; TorchSharp offers no switch for
    /// deterministic CUDA kernels.
    /// </summary>
    public static void SetRandomSeed(int seed)
    {
        TorchRuntime.EnsureInitialized();
        torch.random.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }

    /// <summary>Trains (and validates every <c>val_interval</c>); returns the model.</summary>
    public DetectionModel Train()
    {
        var loader = Options.TrainDataloader ?? throw new InvalidOperationException("Training needs a train_dataloader.");
        var loopOptions = Options.TrainCfg ?? throw new InvalidOperationException("Training needs a train_cfg (EpochBasedTrainLoop or IterBasedTrainLoop).");
        var optimOptions = Options.OptimWrapper ?? throw new InvalidOperationException("Training needs an optim_wrapper.");
        if ((Options.ValDataloader is null) != (Options.ValEvaluator is null))
            throw new InvalidOperationException("Validation needs both a val_dataloader and a val_evaluator.");

        try
        {
            trainLoop = loopOptions.CreateLoop(this, loader);
            OptimWrapper = BuildOptimWrapper(optimOptions, loader);
            ParamSchedulers = Options.ParamScheduler.Select(s => new ParamScheduler(s.Resolve(loader.BatchesPerEpoch), OptimWrapper.Optimizer)).ToList();
            if (Options.ValDataloader is { } valLoader) ValLoop = new ValLoop(this, valLoader, Options.ValEvaluator!);

            CallHook(h => h.BeforeRun(this));
            InitModelWeights();
            LoadOrResume();
            BroadcastWeights();
            GuardConvolutionGradients();
            Log.Info($"Training {Options.ExperimentName} on {Device.type.ToString().ToLowerInvariant()}: {trainLoop.Describe()}; work dir {WorkDir}");
            looping = true;
            trainLoop.Run();
            if (SkippedIters > 0)
                Log.Warning($"{SkippedIters} of {Iter} training iterations were skipped because a loss or the gradient norm was not finite (optim_wrapper.on_invalid_loss=skip).");
            CallHook(h => h.AfterRun(this));
            return Model;
        }
        catch (Exception e) when (RecordFailure(e, looping ? $"training (epoch {Epoch + 1}, after iteration {Iter})" : "setting up training (hooks, checkpoint to load or resume)"))
        {
            throw; // not reached: the filter records and lets the exception pass
        }
    }

    bool looping;

    // Before the stack unwinds: the trace goes to this run's log file, and the exception learns where that is.
    bool RecordFailure(Exception e, string stage)
    {
        FailureContext.NoteStage(e, stage);
        Log.Failure(FailureContext.StageOf(e)!, e);
        return FailureContext.NoteRun(e, Log.FilePath!, LastCheckpoint);
    }

    // MMEngine's _init_model_weights, before load_from/resume: every Pretrained init_cfg not loaded yet, with the load reports logged.
    void InitModelWeights() => PretrainedWeights.InitWeights(Model, Log.Info, Log.Warning);

    // Data parallel: every rank starts from rank 0's weights and buffers (DDP's broadcast at construction).
    void BroadcastWeights()
    {
        if (DistributedContext.Current.WorldSize == 1) return;
        using (torch.no_grad()) DistributedContext.Current.Broadcast([.. Model.parameters(), .. Model.buffers()]);
    }

    // Every model the engine trains, a user's included, gets right convolution gradients on any CPU (ConvGradientPath);
    // the decision is made, and logged, before the first step.
    void GuardConvolutionGradients()
    {
        if (Device.type == DeviceType.CPU) Log.Info($"Convolution gradients: {ConvGradientPath.Ensure()}");
    }

    /// <summary>Evaluates on the test loader (weights from <see cref="RunnerOptions.LoadFrom"/>); returns the metrics.</summary>
    public IReadOnlyDictionary<string, double> Test()
    {
        var loader = Options.TestDataloader ?? throw new InvalidOperationException("Testing needs a test_dataloader.");
        var evaluator = Options.TestEvaluator ?? throw new InvalidOperationException("Testing needs a test_evaluator.");
        try
        {
            var loop = new TestLoop(this, loader, evaluator, Options.TestTimeAug);
            CallHook(h => h.BeforeRun(this));
            if (Options.LoadFrom is { } path) LoadCheckpoint(path);
            var metrics = loop.Run();
            CallHook(h => h.AfterRun(this));
            return metrics;
        }
        catch (Exception e) when (RecordFailure(e, "testing"))
        {
            throw; // not reached: the filter records and lets the exception pass
        }
    }

    /// <summary>Adds a hook at its priority (after the hooks of equal priority); before <see cref="Train"/> or <see cref="Test"/>.</summary>
    public void AddHook(Hook hook)
    {
        int at = hooks.FindLastIndex(h => h.Priority <= hook.Priority) + 1;
        hooks.Insert(at, hook);
    }

    /// <summary>Calls one stage on every hook, in priority order.</summary>
    public void CallHook(Action<Hook> stage)
    {
        foreach (var hook in hooks) stage(hook);
    }

    /// <summary>Logs the samples a loader skipped (<see cref="BadSamplePolicy.Skip"/>) since the last report, each naming its file.</summary>
    internal void ReportSkipped<T, TBatch>(DataLoader<T, TBatch> loader, string what) where T : class
    {
        var skipped = loader.Skipped;
        int reported = reportedSkips.GetValueOrDefault(loader);
        if (skipped.Count <= reported) return;
        foreach (var s in skipped.Skip(reported)) Log.Warning($"Skipped a bad {what} sample: {s}");
        Log.Warning($"{skipped.Count} bad {what} sample(s) skipped so far.");
        MessageHub.UpdateInfo($"{what}/skipped_samples", (long)skipped.Count);
        reportedSkips[loader] = skipped.Count;
    }

    readonly Dictionary<object, int> reportedSkips = new(ReferenceEqualityComparer.Instance);

    OptimWrapper BuildOptimWrapper(OptimWrapperOptions options, DataLoader<PackedDetInputs, DetBatch> loader)
    {
        var optimizer = options.Optimizer;
        if (Options.AutoScaleLr is { Enable: true } scale)
        {
            int batchSize = (loader.BatchSampler as BatchSamplerBase)?.BatchSize
                ?? throw new InvalidOperationException("auto_scale_lr needs a batch sampler with a known batch size.");
            batchSize *= DistributedContext.Current.WorldSize; // MMEngine: world size × per-rank batch size
            optimizer = scale.Apply(optimizer, batchSize);
            Log.Info($"LR is set based on batch size of {batchSize} and the current batch size is {scale.BaseBatchSize}. Scaling the original LR by {(double)batchSize / scale.BaseBatchSize}: lr {options.Optimizer.Lr} -> {optimizer.Lr}.");
        }
        return OptimWrapper.Build(Model, options with { Optimizer = optimizer });
    }

    static string UniqueLogDir(string workDir, string timestamp)
    {
        string dir = Path.Combine(workDir, timestamp);
        for (int i = 1; Directory.Exists(dir); i++) dir = Path.Combine(workDir, $"{timestamp}_{i}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var hook in hooks) (hook as IDisposable)?.Dispose();
        OptimWrapper?.Dispose();
        buffers?.Dispose();
        Log.Dispose();
    }
}
