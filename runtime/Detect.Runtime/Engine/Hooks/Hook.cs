using Detect.Checkpoints.Pickle;
using Detect.Structures;

namespace Detect.Engine;

/// <summary>
/// A hook into the runner's stages (MMEngine's <c>Hook</c>): every stage method does nothing unless
/// overridden. The runner calls hooks in <see cref="Priority"/> order (lower first; equal priorities
/// in registration order: default hooks, then custom hooks).
/// </summary>
/// <remarks>
/// A user hook derives from this class and overrides the stages it needs; set its priority with
/// <c>new MyHook { Priority = HookPriorities.High }</c>.
/// </remarks>
public abstract class Hook
{
    /// <summary>Creates the hook with its default priority.</summary>
    protected Hook(int priority = HookPriorities.Normal) => Priority = priority;

    /// <summary>MMEngine's priority (0 highest … 100 lowest; see <see cref="HookPriorities"/>); set it before the runner is made.</summary>
    public int Priority { get; set; }

    /// <summary>
    /// A config's <c>priority</c>: MMEngine's hooks carry their own (LoggerHook BELOW_NORMAL, ParamSchedulerHook LOW,
    /// CheckpointHook VERY_LOW) and a config's replaces it; the config's default, NORMAL, keeps the hook's own.
    /// </summary>
    public Config.HookPriority ConfigPriority
    {
        get => (Config.HookPriority)Priority;
        set
        {
            if (value != Config.HookPriority.Normal) Priority = (int)value;
        }
    }

    /// <summary>Whether only rank 0 of a data-parallel run calls this hook (it writes files or the console).</summary>
    public virtual bool MainRankOnly => false;

    /// <summary>Before anything runs (train, val or test).</summary>
    public virtual void BeforeRun(Runner runner) { }
    /// <summary>After everything ran.</summary>
    public virtual void AfterRun(Runner runner) { }
    /// <summary>Before the train loop starts (after a resume was loaded).</summary>
    public virtual void BeforeTrain(Runner runner) { }
    /// <summary>After the train loop ended.</summary>
    public virtual void AfterTrain(Runner runner) { }
    /// <summary>Before each training epoch (once for an iteration-based loop).</summary>
    public virtual void BeforeTrainEpoch(Runner runner) { }
    /// <summary>After each training epoch (once at the end for an iteration-based loop).</summary>
    public virtual void AfterTrainEpoch(Runner runner) { }
    /// <summary>Before each training iteration; <paramref name="batchIdx"/> counts within the epoch (the global iteration for an iteration-based loop).</summary>
    public virtual void BeforeTrainIter(Runner runner, int batchIdx, DetBatch batch) { }
    /// <summary>After each training iteration with its logged values (<c>loss</c>, the loss terms, <c>grad_norm</c>).</summary>
    public virtual void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs) { }
    /// <summary>Before the validation loop.</summary>
    public virtual void BeforeVal(Runner runner) { }
    /// <summary>After the validation loop.</summary>
    public virtual void AfterVal(Runner runner) { }
    /// <summary>Before the validation epoch.</summary>
    public virtual void BeforeValEpoch(Runner runner) { }
    /// <summary>After the validation epoch, with the evaluator's metrics.</summary>
    public virtual void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) { }
    /// <summary>Before each validation iteration.</summary>
    public virtual void BeforeValIter(Runner runner, int batchIdx, DetBatch batch) { }
    /// <summary>After each validation iteration, with the predictions (disposed after the hooks ran).</summary>
    public virtual void AfterValIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs) { }
    /// <summary>Before the test loop.</summary>
    public virtual void BeforeTest(Runner runner) { }
    /// <summary>After the test loop.</summary>
    public virtual void AfterTest(Runner runner) { }
    /// <summary>Before the test epoch.</summary>
    public virtual void BeforeTestEpoch(Runner runner) { }
    /// <summary>After the test epoch, with the evaluator's metrics.</summary>
    public virtual void AfterTestEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) { }
    /// <summary>Before each test iteration.</summary>
    public virtual void BeforeTestIter(Runner runner, int batchIdx, DetBatch batch) { }
    /// <summary>After each test iteration, with the predictions (disposed after the hooks ran).</summary>
    public virtual void AfterTestIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs) { }
    /// <summary>Before a checkpoint is written: add or change entries of <paramref name="checkpoint"/>.</summary>
    public virtual void BeforeSaveCheckpoint(Runner runner, Dictionary<string, object?> checkpoint) { }
    /// <summary>After a checkpoint was loaded (resume or load_from), with its contents.</summary>
    public virtual void AfterLoadCheckpoint(Runner runner, PickleDict checkpoint) { }

    /// <summary>Whether the epoch just finished is a multiple of <paramref name="n"/> (MMEngine's <c>every_n_epochs</c>, with <c>start</c>).</summary>
    protected static bool EveryNEpochs(Runner runner, int n, int start = 0)
    {
        int dividend = runner.Epoch + 1 - start;
        return dividend >= 0 && n > 0 && dividend % n == 0;
    }

    /// <summary>Whether the iteration just finished is a multiple of <paramref name="n"/> (global count, MMEngine's <c>every_n_train_iters</c>).</summary>
    protected static bool EveryNTrainIters(Runner runner, int n, int start = 0)
    {
        int dividend = runner.Iter + 1 - start;
        return dividend >= 0 && n > 0 && dividend % n == 0;
    }

    /// <summary>Whether batch <paramref name="batchIdx"/> of the epoch is a multiple of <paramref name="n"/> (MMEngine's <c>every_n_inner_iters</c>).</summary>
    protected static bool EveryNInnerIters(int batchIdx, int n) => n > 0 && (batchIdx + 1) % n == 0;

    /// <summary>Whether <paramref name="batchIdx"/> is the last batch of a training epoch (MMEngine's <c>end_of_epoch</c>).</summary>
    protected static bool EndOfEpoch(Runner runner, int batchIdx) => runner.BatchesPerEpoch is { } n && batchIdx + 1 == n;

    /// <summary>Whether the epoch just finished is the last one.</summary>
    protected static bool IsLastTrainEpoch(Runner runner) => runner.Epoch + 1 == runner.MaxEpochs;

    /// <summary>Whether the iteration just finished is the last one.</summary>
    protected static bool IsLastTrainIter(Runner runner) => runner.Iter + 1 == runner.MaxIters;

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} (priority {Priority})";
}
