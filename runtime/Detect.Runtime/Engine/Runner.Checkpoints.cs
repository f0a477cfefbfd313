using System.Globalization;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

// Saving, resuming and loading checkpoints. The layout is MMEngine's, written by torch.save's
// format so Python can read it: {meta, state_dict, optimizer, param_schedulers, message_hub, rng}
// (+ ema_state_dict from the EMA hook).
public sealed partial class Runner
{
    /// <summary>The checkpoint format's version, in <c>meta.detect_checkpoint</c>.</summary>
    public const int CheckpointVersion = 1;

    /// <summary>
    /// Writes a checkpoint of the whole training state to <c>&lt;work_dir&gt;/&lt;filename&gt;</c> atomically and returns its path.
    /// </summary>
    /// <param name="filename">File name, e.g. <c>epoch_3.pth</c>.</param>
    /// <param name="epoch">Epoch to record (epochs completed when saved after an epoch).</param>
    /// <param name="iter">Iteration to record (iterations completed).</param>
    /// <param name="saveOptimizer">Include the optimizer and schedules (needed to resume).</param>
    public string SaveCheckpoint(string filename, int epoch, int iter, bool saveOptimizer = true)
    {
        string path = Path.Combine(WorkDir, filename);
        using var rngState = torch.get_rng_state();
        var checkpoint = new Dictionary<string, object?>
        {
            ["meta"] = Meta(epoch, iter),
            ["state_dict"] = Model.state_dict(),
            ["message_hub"] = new Dictionary<string, object?> { ["runtime_info"] = SavedRuntimeInfo() },
            ["rng"] = new Dictionary<string, object?> { ["torch"] = rngState },
        };
        if (saveOptimizer && OptimWrapper is { } optim)
        {
            checkpoint["optimizer"] = optim.Optimizer.StateDict();
            checkpoint["param_schedulers"] = ParamSchedulers.Select(s => (object)s.StateDict()).ToList();
        }
        CallHook(h => h.BeforeSaveCheckpoint(this, checkpoint));
        TorchCheckpointWriter.Save(path, checkpoint);
        return path;
    }

    /// <summary>Loads the model weights of <paramref name="path"/> (MMEngine's <c>load_from</c> without resume); logs what did not match.</summary>
    public LoadReport LoadCheckpoint(string path)
    {
        var checkpoint = CheckpointLoader.Read(path);
        if (checkpoint.Root is PickleDict root) CallHook(h => h.AfterLoadCheckpoint(this, root));
        var report = CheckpointLoader.LoadStateDict(Model, checkpoint.StateDict, strict: false);
        Log.Info($"Loaded weights from {path}: {report}");
        return report;
    }

    /// <summary>
    /// Continues from <paramref name="path"/>: model, optimizer, schedules, epoch and iteration,
    /// random state and the hooks' runtime information (best score, kept checkpoints).
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint does not fit this run (other model, optimizer or schedules).</exception>
    public void Resume(string path)
    {
        var checkpoint = CheckpointLoader.Read(path);
        if (checkpoint.Root is not PickleDict root || root.GetValueOrNull("meta") is not PickleDict meta)
            throw new CheckpointFormatException(path, "not a training checkpoint (no meta entry): use load_from for weights only");
        var loop = trainLoop ?? throw new InvalidOperationException("Resume needs the train loop that Train builds.");
        CallHook(h => h.AfterLoadCheckpoint(this, root));

        var report = CheckpointLoader.LoadStateDict(Model, checkpoint.StateDict, strict: false);
        if (!report.IsExactMatch) throw new InvalidDataException($"{path} does not fit this model: {report}");
        int epoch = (int)Number(meta, "epoch", path), iter = (int)Number(meta, "iter", path);
        loop.Restore(epoch, iter);

        if (OptimWrapper is { } optim)
        {
            var state = OptimizerState.FromPickle(root.GetValueOrNull("optimizer")
                ?? throw new CheckpointFormatException(path, "has no optimizer state (saved with saveOptimizer: false) and cannot be resumed"), path);
            using (var scope = NewDisposeScope()) optim.Optimizer.LoadStateDict(state);
            var saved = root.GetValueOrNull("param_schedulers") as List<object?> ?? [];
            if (saved.Count != ParamSchedulers.Count)
                throw new InvalidDataException($"{path} has {saved.Count} LR schedules, this run {ParamSchedulers.Count}: the schedules changed since the checkpoint.");
            for (int i = 0; i < saved.Count; i++) ParamSchedulers[i].LoadStateDict((PickleDict)saved[i]!);
        }
        if (root.GetValueOrNull("message_hub") is PickleDict hub && hub.GetValueOrNull("runtime_info") is PickleDict info)
            MessageHub.LoadRuntimeInfo(info.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, object>((string)p.Key, p.Value!)));
        if (root.GetValueOrNull("rng") is PickleDict rng && rng.GetValueOrNull("torch") is StoredTensor torchState)
        {
            using var state = torchState.ToTensor(name: "rng.torch");
            torch.set_rng_state(state);
        }
        if (meta.GetValueOrNull("seed") is long seed && seed != Options.Seed)
            Log.Warning($"The checkpoint was trained with seed {seed}, this run has seed {Options.Seed}; the resumed run keeps the checkpoint's random state.");
        Resumed = true;
        resumedFrom = path;
        Log.Info($"Resumed from {path}: epoch {epoch}, iteration {iter}.");
    }

    string? resumedFrom;

    void LoadOrResume()
    {
        if (Options.Resume)
        {
            int stale = CheckpointFiles.RemoveStaleTemporaries(WorkDir);
            if (stale > 0) Log.Warning($"Removed {stale} unfinished temporary file(s) in {WorkDir} left by an interrupted checkpoint write.");
            string? path = Options.LoadFrom ?? CheckpointFiles.FindLatest(WorkDir);
            if (path is null) Log.Info($"resume: no checkpoint in {WorkDir}; training from the start.");
            else Resume(path);
        }
        else if (Options.LoadFrom is { } weights)
        {
            LoadCheckpoint(weights);
        }
    }

    Dictionary<string, object?> Meta(int epoch, int iter)
    {
        var meta = new Dictionary<string, object?>
        {
            ["detect_checkpoint"] = (long)CheckpointVersion,
            ["epoch"] = (long)epoch,
            ["iter"] = (long)iter,
            ["seed"] = (long)Options.Seed,
            ["experiment_name"] = Options.ExperimentName,
            ["time"] = DateTime.Now.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture),
        };
        if (Options.ConfigJson is { } json) meta["cfg"] = json;
        if (Options.Classes is { } classes) meta["dataset_meta"] = new Dictionary<string, object?> { ["classes"] = classes.Cast<object>().ToList() };
        if (Options.TrainDataloader is { } loader)
            meta["loader"] = new Dictionary<string, object?> { ["seed"] = loader.Seed, ["batches_per_epoch"] = (long?)loader.BatchesPerEpoch };
        return meta;
    }

    Dictionary<string, object?> SavedRuntimeInfo() => MessageHub.RuntimeInfo
        .Where(p => p.Value is string or double or long or int or System.Collections.IEnumerable)
        .ToDictionary(p => p.Key, p => (object?)p.Value);

    static double Number(PickleDict d, string key, string path) => d.GetValueOrNull(key) switch
    {
        long v => v,
        double v => v,
        _ => throw new CheckpointFormatException(path, $"meta has no number '{key}'"),
    };
}
