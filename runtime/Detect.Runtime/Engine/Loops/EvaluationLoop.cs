using Detect.Data;
using Detect.Platform;
using Detect.Structures;
using Detect.Transforms;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// What the validation and test loops share (MMEngine's <c>ValLoop</c> / <c>TestLoop</c>): predict
/// every batch without gradients, feed the evaluator, and return its metrics. Each batch runs in a
/// dispose scope of its own; its predictions are disposed once the hooks have seen them.
/// </summary>
public abstract class EvaluationLoop
{
    /// <summary>Creates the loop.</summary>
    protected EvaluationLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader, IEvaluator evaluator)
    {
        Runner = runner;
        Loader = loader;
        Evaluator = evaluator;
    }

    /// <summary>The runner.</summary>
    protected Runner Runner { get; }

    /// <summary>The loader.</summary>
    public DataLoader<PackedDetInputs, DetBatch> Loader { get; }

    /// <summary>The evaluator.</summary>
    public IEvaluator Evaluator { get; }

    /// <summary>Predicts every batch and evaluates; returns the metrics.</summary>
    public IReadOnlyDictionary<string, double> Run()
    {
        Before();
        Runner.CallHook(h =>
        {
            if (IsTest) h.BeforeTestEpoch(Runner); else h.BeforeValEpoch(Runner);
        });
        Runner.Model.eval();
        using (no_grad())
        {
            int batchIdx = 0;
            foreach (var (batch, predict, owner) in Batches())
            {
                try
                {
                    BeforeIter(batchIdx, batch);
                    using var scope = NewDisposeScope();
                    var predictions = predict();
                    try
                    {
                        Evaluator.Process(predictions);
                        AfterIter(batchIdx, batch, predictions);
                    }
                    finally
                    {
                        foreach (var p in predictions) p.PredInstances?.Dispose();
                    }
                }
                catch (Exception e) when (FailureContext.NoteStage(e, $"{Stage} (batch {batchIdx + 1} of {Loader.BatchesPerEpoch})"))
                {
                    throw; // not reached: the filter notes the stage and lets the exception pass
                }
                finally
                {
                    owner.Dispose();
                }
                batchIdx++;
            }
        }
        ReportSkipped();
        IReadOnlyDictionary<string, double> metrics;
        try
        {
            metrics = Evaluator.Evaluate();
        }
        catch (Exception e) when (FailureContext.NoteStage(e, $"{Stage} (computing the metrics)"))
        {
            throw; // not reached
        }
        After(metrics);
        return metrics;
    }

    /// <summary>
    /// The epoch's batches: what the hooks see, how its predictions (with rescale) are made, and what to dispose after it.
    /// By default <see cref="Loader"/>'s batches, one forward pass each.
    /// </summary>
    protected virtual IEnumerable<(DetBatch Batch, Func<IReadOnlyList<DetDataSample>> Predict, IDisposable Owner)> Batches() =>
        Loader.Epoch(0).Select(batch => (batch, (Func<IReadOnlyList<DetDataSample>>)(() => Runner.Model.Predict(batch, rescale: true)), (IDisposable)batch));

    /// <summary>Logs the bad samples the loader skipped.</summary>
    protected virtual void ReportSkipped() => Runner.ReportSkipped(Loader, IsTest ? "test" : "validation");

    // What the loop is doing, for a failure report: "validating after epoch 3", "testing".
    string Stage => IsTest ? "testing"
        : Runner.TrainLoop is IterBasedTrainLoop ? $"validating after iteration {Runner.Iter}" : $"validating after epoch {Runner.Epoch}";

    /// <summary>Whether this is the test loop (hooks see <c>*Test*</c> stages) rather than validation (<c>*Val*</c>).</summary>
    protected abstract bool IsTest { get; }

    void Before() => Runner.CallHook(h =>
    {
        if (IsTest) { h.BeforeTest(Runner); } else { h.BeforeVal(Runner); }
    });

    void BeforeIter(int batchIdx, DetBatch batch) => Runner.CallHook(h =>
    {
        if (IsTest) h.BeforeTestIter(Runner, batchIdx, batch); else h.BeforeValIter(Runner, batchIdx, batch);
    });

    void AfterIter(int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> predictions) => Runner.CallHook(h =>
    {
        if (IsTest) h.AfterTestIter(Runner, batchIdx, batch, predictions); else h.AfterValIter(Runner, batchIdx, batch, predictions);
    });

    void After(IReadOnlyDictionary<string, double> metrics)
    {
        Runner.CallHook(h =>
        {
            if (IsTest) h.AfterTestEpoch(Runner, metrics); else h.AfterValEpoch(Runner, metrics);
        });
        Runner.CallHook(h =>
        {
            if (IsTest) h.AfterTest(Runner); else h.AfterVal(Runner);
        });
    }
}

/// <summary>MMEngine's <c>ValLoop</c>: runs during training; hooks see <c>*Val*</c> stages.</summary>
public sealed class ValLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader, IEvaluator evaluator)
    : EvaluationLoop(runner, loader, evaluator)
{
    /// <inheritdoc />
    protected override bool IsTest => false;
}

/// <summary>
/// MMEngine's <c>TestLoop</c>: hooks see <c>*Test*</c> stages. With <paramref name="tta"/> (<c>tools/test.py --tta</c>) each batch's
/// test-time views go through the model and are merged per image (MMDetection's <c>DetTTAModel</c>) before the evaluator sees
/// them; the hooks see the first view's batch.
/// </summary>
public sealed class TestLoop(Runner runner, DataLoader<PackedDetInputs, DetBatch> loader, IEvaluator evaluator, TestTimeAugData? tta = null)
    : EvaluationLoop(runner, loader, evaluator)
{
    /// <inheritdoc />
    protected override bool IsTest => true;

    /// <inheritdoc />
    protected override IEnumerable<(DetBatch Batch, Func<IReadOnlyList<DetDataSample>> Predict, IDisposable Owner)> Batches() =>
        tta is null ? base.Batches()
            : tta.Loader.Epoch(0).Select(views => (views.Views[0], (Func<IReadOnlyList<DetDataSample>>)(() => tta.Merger.Predict(Runner.Model, views)), (IDisposable)views));

    /// <inheritdoc />
    protected override void ReportSkipped()
    {
        if (tta is null) base.ReportSkipped(); else Runner.ReportSkipped(tta.Loader, "test");
    }
}
