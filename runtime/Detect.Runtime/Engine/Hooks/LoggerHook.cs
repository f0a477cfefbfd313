using System.Globalization;
using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>LoggerHook</c> with MMDetection's log processor: every <see cref="Interval"/>
/// iterations (and at the end of an epoch shorter than that) the lr, the loss terms and timings
/// averaged over the interval go to the console, the text log and <c>vis_data/scalars.json</c>;
/// validation and test metrics likewise. On a terminal a live progress bar with the ETA sits below
/// the lines (<see cref="ProgressBar"/>).
/// </summary>
/// <param name="interval">Log every this many iterations.</param>
/// <param name="progressBar">Show the live bar when the console is a terminal.</param>
public sealed class LoggerHook(int interval = 50, bool progressBar = true) : Hook(HookPriorities.BelowNormal), IDisposable
{
    /// <inheritdoc />
    public override bool MainRankOnly => true;

    ScalarsLog? scalars;
    ConsoleProgress? progress;
    Spectre.Console.ProgressTask? evalTask;

    /// <summary>Log every this many iterations.</summary>
    public int Interval { get; } = interval > 0 ? interval : throw new ArgumentException($"interval must be positive, got {interval}.", nameof(interval));

    /// <summary>Whether a live bar is shown on terminals.</summary>
    public bool ProgressBar { get; } = progressBar;

    /// <summary>The scalars file of this run (after <see cref="BeforeRun"/>).</summary>
    public string? ScalarsPath => scalars?.Path;

    /// <inheritdoc />
    public override void BeforeRun(Runner runner)
    {
        scalars = new ScalarsLog(Path.Combine(runner.LogDir, "vis_data", "scalars.json"));
        runner.Log.Info($"Logs go to {runner.Log.FilePath} and {scalars.Path}.");
    }

    /// <inheritdoc />
    public override void BeforeTrain(Runner runner)
    {
        if (!ProgressBar || !ConsoleProgress.Supported) return;
        progress = new ConsoleProgress(Describe(runner), runner.MaxIters, runner.Iter);
        runner.Log.LiveWriter = progress.WriteLine;
    }

    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        if (progress is not null)
        {
            progress.Main.Value = runner.Iter + 1;
            progress.Main.Description = Spectre.Console.Markup.Escape(Describe(runner) + $" loss {outputs["loss"]:F4}");
        }
        bool byEpoch = runner.TrainLoop is EpochBasedTrainLoop;
        bool due = EveryNInnerIters(batchIdx, Interval)
            || (byEpoch && EndOfEpoch(runner, batchIdx) && runner.BatchesPerEpoch <= Interval);
        if (!due) return;

        var tag = new List<KeyValuePair<string, object>>();
        foreach (var (key, buffer) in runner.MessageHub.Scalars)
        {
            if (!key.StartsWith("train/", StringComparison.Ordinal)) continue;
            string name = key["train/".Length..];
            tag.Add(new(name, name == "lr" ? buffer.Current : buffer.Mean(Interval)));
        }
        // Only once there is something to say, so the usual scalars.json layout stays MMDetection's.
        if (runner.SkippedIters > 0) tag.Add(new("skipped_iters", runner.SkippedIters));
        tag.Add(new("epoch", runner.Epoch + 1));
        tag.Add(new("iter", runner.Iter + 1));
        tag.Add(new("memory", MemoryMb()));

        string where = byEpoch
            ? $"Epoch(train) [{runner.Epoch + 1}][{(batchIdx + 1).ToString().PadLeft(Digits(runner.BatchesPerEpoch))}/{runner.BatchesPerEpoch}]"
            : $"Iter(train) [{(runner.Iter + 1).ToString().PadLeft(Digits(runner.MaxIters))}/{runner.MaxIters}]";
        double eta = runner.MessageHub.GetInfo("eta") is double e ? e : double.NaN;
        runner.Log.Info($"{where}  lr: {Get(tag, "lr"):0.0000e+00}  eta: {FormatEta(eta)}  " +
            string.Join("  ", tag.Where(p => p.Key is not ("lr" or "epoch" or "iter")).Select(p => $"{p.Key}: {Format(p.Value)}")));
        scalars?.Write(tag.Append(new("step", runner.Iter + 1)));
    }

    /// <inheritdoc />
    public override void BeforeVal(Runner runner) => StartEval(runner, "val");

    /// <inheritdoc />
    public override void BeforeTest(Runner runner) => StartEval(runner, "test");

    /// <inheritdoc />
    public override void AfterValIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs) => evalTask?.Increment(1);

    /// <inheritdoc />
    public override void AfterTestIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs) => evalTask?.Increment(1);

    /// <inheritdoc />
    public override void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics)
    {
        bool byEpoch = runner.TrainLoop is not IterBasedTrainLoop;
        LogMetrics(runner, "val", metrics, byEpoch ? runner.Epoch : runner.Iter, byEpoch ? $"Epoch(val) [{runner.Epoch}]" : $"Iter(val) [{runner.Iter}]");
    }

    /// <inheritdoc />
    public override void AfterTestEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) =>
        LogMetrics(runner, "test", metrics, 0, "Epoch(test)");

    /// <inheritdoc />
    public override void AfterTrain(Runner runner) => StopProgress(runner);

    /// <inheritdoc />
    public override void AfterRun(Runner runner) => StopProgress(runner);

    void StartEval(Runner runner, string mode)
    {
        int total = EvalLoader(runner, mode)?.BatchesPerEpoch ?? 0;
        if (progress is null && ProgressBar && ConsoleProgress.Supported && runner.TrainLoop is null)
        {
            progress = new ConsoleProgress($"{mode} {runner.Options.ExperimentName}", total, 0);
            runner.Log.LiveWriter = progress.WriteLine;
            evalTask = progress.Main;
            return;
        }
        evalTask = progress?.AddTask($"  {mode}", total);
    }

    void LogMetrics(Runner runner, string mode, IReadOnlyDictionary<string, double> metrics, int step, string where)
    {
        if (evalTask is not null && progress is not null && !ReferenceEquals(evalTask, progress.Main)) evalTask.StopTask();
        evalTask = null;
        var tag = metrics.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)).ToList();
        foreach (var key in new[] { "data_time", "time" })
            if (runner.MessageHub.GetScalar($"{mode}/{key}") is { } buffer) tag.Add(new(key, buffer.Mean(EvalLoader(runner, mode)?.BatchesPerEpoch)));
        runner.Log.Info($"{where}  " + string.Join("  ", tag.Select(p => $"{p.Key}: {Format(p.Value)}")));
        scalars?.Write(tag.Append(new("step", step)));
    }

    static Data.DataLoader<Transforms.PackedDetInputs, DetBatch>? EvalLoader(Runner runner, string mode) =>
        mode == "val" ? runner.ValLoop?.Loader : runner.Options.TestDataloader;

    void StopProgress(Runner runner)
    {
        if (progress is null) return;
        runner.Log.LiveWriter = null;
        progress.Dispose();
        progress = null;
    }

    static string Describe(Runner runner) => runner.TrainLoop is EpochBasedTrainLoop
        ? $"epoch {Math.Min(runner.Epoch + 1, runner.MaxEpochs)}/{runner.MaxEpochs}"
        : $"iter {runner.Iter}/{runner.MaxIters}";

    static double Get(List<KeyValuePair<string, object>> tag, string key) => (double)tag.First(p => p.Key == key).Value;

    static int Digits(int? n) => (n ?? 0).ToString(CultureInfo.InvariantCulture).Length;

    static string Format(object value) => value switch
    {
        double d => d.ToString("0.0000", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>MMEngine's eta format: <c>h:mm:ss</c>, with days when longer.</summary>
    public static string FormatEta(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "?";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.Days > 0 ? $"{t.Days} day{(t.Days > 1 ? "s" : "")}, {t.Hours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Hours}:{t.Minutes:00}:{t.Seconds:00}";
    }

    /// <summary>Resident memory of this process in MiB (what the log's <c>memory</c> reports on CPU).</summary>
    static long MemoryMb()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64 >> 20;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        progress?.Dispose();
        scalars?.Dispose();
    }
}
