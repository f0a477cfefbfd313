using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>CheckpointHook</c>: saves <c>epoch_N.pth</c> every <see cref="Interval"/> epochs
/// (<c>iter_N.pth</c> every <see cref="Interval"/> iterations when not <see cref="ByEpoch"/>) and after
/// the last, points <c>last_checkpoint</c> at it, keeps at most <see cref="MaxKeepCkpts"/>, and with
/// <see cref="SaveBest"/> keeps <c>best_&lt;metric&gt;_epoch_N.pth</c> for the best validation score.
/// </summary>
/// <remarks>
/// Every file is written atomically (temporary file, fsync, rename) and the pointer only after its
/// checkpoint, so a kill at any moment leaves the previous complete checkpoint to resume from. Unlike
/// MMEngine, old checkpoints are deleted only after the new one is complete.
/// </remarks>
public sealed class CheckpointHook : Hook
{
    /// <inheritdoc />
    public override bool MainRankOnly => true;

    static readonly string[] GreaterKeys = ["acc", "top", "ar@", "auc", "precision", "map", "mdice", "miou", "macc", "aacc"];
    static readonly string[] LessKeys = ["loss"];

    /// <summary>Creates the hook.</summary>
    /// <param name="interval">Save every this many epochs (iterations); -1 only saves the last (with <paramref name="saveLast"/>).</param>
    /// <param name="byEpoch">Count epochs (else iterations).</param>
    /// <param name="maxKeepCkpts">Keep at most this many regular checkpoints; -1 keeps all.</param>
    /// <param name="saveBest">Metric whose best value keeps a <c>best_*</c> checkpoint, e.g. <c>coco/bbox_mAP</c>.</param>
    /// <param name="rule">Greater or less is better; <see cref="SaveBestRule.Infer"/> infers it from the metric's name (mAP → greater, loss → less).</param>
    /// <param name="saveLast">Also save after the last epoch (iteration).</param>
    /// <param name="saveOptimizer">Include optimizer and schedules (needed to resume).</param>
    public CheckpointHook(int interval = 1, bool byEpoch = true, int maxKeepCkpts = -1, string? saveBest = null, SaveBestRule rule = SaveBestRule.Infer,
        bool saveLast = true, bool saveOptimizer = true) : base(HookPriorities.VeryLow)
    {
        if (interval == 0 || interval < -1) throw new ArgumentException($"interval must be positive or -1, got {interval}.", nameof(interval));
        if (maxKeepCkpts == 0 || maxKeepCkpts < -1) throw new ArgumentException($"max_keep_ckpts must be positive or -1, got {maxKeepCkpts}.", nameof(maxKeepCkpts));
        Interval = interval;
        ByEpoch = byEpoch;
        MaxKeepCkpts = maxKeepCkpts;
        SaveBest = saveBest;
        SaveLast = saveLast;
        SaveOptimizer = saveOptimizer;
        if (saveBest is not null) Rule = rule == SaveBestRule.Infer ? InferRule(saveBest) : rule;
        else if (rule != SaveBestRule.Infer) throw new ArgumentException("rule needs save_best.", nameof(rule));
    }

    /// <summary>Save every this many epochs (iterations).</summary>
    public int Interval { get; }

    /// <summary>Whether <see cref="Interval"/> counts epochs.</summary>
    public bool ByEpoch { get; }

    /// <summary>Regular checkpoints kept at most; -1 keeps all.</summary>
    public int MaxKeepCkpts { get; }

    /// <summary>The metric of the best checkpoint, or null.</summary>
    public string? SaveBest { get; }

    /// <summary>Greater or less when <see cref="SaveBest"/> is set, else <see cref="SaveBestRule.Infer"/>.</summary>
    public SaveBestRule Rule { get; }

    /// <summary>Whether the last epoch (iteration) is always saved.</summary>
    public bool SaveLast { get; }

    /// <summary>Whether optimizer and schedules are saved.</summary>
    public bool SaveOptimizer { get; }

    /// <inheritdoc />
    public override void BeforeTrain(Runner runner) => runner.Log.Info($"Checkpoints will be saved to {runner.WorkDir}.");

    /// <inheritdoc />
    public override void AfterTrainEpoch(Runner runner)
    {
        if (!ByEpoch) return;
        if ((Interval > 0 && EveryNEpochs(runner, Interval)) || (SaveLast && IsLastTrainEpoch(runner)))
            Save(runner, $"epoch_{runner.Epoch + 1}.pth", runner.Epoch + 1, runner.Epoch + 1, runner.Iter);
    }

    /// <inheritdoc />
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        if (ByEpoch) return;
        if ((Interval > 0 && EveryNTrainIters(runner, Interval)) || (SaveLast && IsLastTrainIter(runner)))
            Save(runner, $"iter_{runner.Iter + 1}.pth", runner.Iter + 1, runner.Epoch, runner.Iter + 1);
    }

    /// <inheritdoc />
    public override void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics)
    {
        if (SaveBest is null) return;
        if (!metrics.TryGetValue(SaveBest, out double score))
        {
            runner.Log.Warning($"save_best: the evaluator reported no '{SaveBest}' (it reported {string.Join(", ", metrics.Keys)}); no best checkpoint this time.");
            return;
        }
        double best = runner.MessageHub.GetInfo("best_score") is double b ? b : Rule == SaveBestRule.Greater ? double.NegativeInfinity : double.PositiveInfinity;
        if (double.IsNaN(score) || !(Rule == SaveBestRule.Greater ? score > best : score < best)) return;

        string step = ByEpoch ? $"epoch_{runner.Epoch}" : $"iter_{runner.Iter}";
        string name = $"best_{SaveBest}_{step}.pth".Replace('/', '_');
        string path = runner.SaveCheckpoint(name, runner.Epoch, runner.Iter, SaveOptimizer);
        if (runner.MessageHub.GetInfo("best_ckpt") is string previous && previous != path && File.Exists(previous))
        {
            File.Delete(previous);
            runner.Log.Info($"The previous best checkpoint {previous} is removed.");
        }
        runner.MessageHub.UpdateInfo("best_score", score);
        runner.MessageHub.UpdateInfo("best_ckpt", path);
        runner.Log.Info($"The best checkpoint with {score:0.0000} {SaveBest} at {step.Replace('_', ' ')} is saved to {name}.");
    }

    void Save(Runner runner, string filename, int step, int epoch, int iter)
    {
        runner.Log.Info($"Saving checkpoint at {step} {(ByEpoch ? "epochs" : "iterations")}");
        var kept = KeptSteps(runner);
        if (kept.Count == 0 || kept[^1] != step) kept.Add(step);
        var removed = MaxKeepCkpts > 0 && kept.Count > MaxKeepCkpts ? kept.Take(kept.Count - MaxKeepCkpts).ToList() : [];
        kept.RemoveRange(0, removed.Count);
        // The runtime information goes into the checkpoint, so it must say what holds once it is written.
        runner.MessageHub.UpdateInfo("keep_ckpt_ids", kept.Select(s => (object)s).ToList());
        string path = Path.Combine(runner.WorkDir, filename);
        runner.MessageHub.UpdateInfo("last_ckpt", path);
        runner.SaveCheckpoint(filename, epoch, iter, SaveOptimizer);
        CheckpointFiles.WritePointer(runner.WorkDir, path);
        foreach (var old in removed)
        {
            string oldPath = Path.Combine(runner.WorkDir, $"{(ByEpoch ? "epoch" : "iter")}_{old}.pth");
            if (File.Exists(oldPath)) File.Delete(oldPath);
        }
    }

    static List<long> KeptSteps(Runner runner) => runner.MessageHub.GetInfo("keep_ckpt_ids") is System.Collections.IEnumerable ids
        ? ids.Cast<object>().Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToList()
        : [];

    static SaveBestRule InferRule(string metric)
    {
        string lower = metric.ToLowerInvariant();
        if (GreaterKeys.Any(lower.Contains)) return SaveBestRule.Greater;
        if (LessKeys.Any(lower.Contains)) return SaveBestRule.Less;
        throw new ArgumentException($"Cannot tell whether a larger '{metric}' is better: pass rule 'greater' or 'less'.", nameof(metric));
    }
}
