using System.Text.Json;
using Detect.Engine;
using Detect.Engine.TestKit;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// Every run checks every iteration's losses (and, with clipping, the gradient norm) before the optimizer step:
/// it stops at the first invalid value with the model as the last good iteration left it, or, asked to, skips
/// exactly the invalid iterations and counts them.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class InvalidLossTests(TinyData data)
{
    /// <summary>The whole state (weights and BatchNorm buffers) after each iteration, 1-based.</summary>
    sealed class StateRecorder() : Hook(HookPriorities.Lowest)
    {
        public Dictionary<int, float[]> After { get; } = [];

        public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs) =>
            After[runner.Iter + 1] = State(runner.Model);
    }

    static float[] State(nn.Module model) =>
        [.. model.state_dict().Values.SelectMany(t => t.detach().cpu().to(float32).reshape(-1).data<float>().ToArray())];

    (Runner Runner, StateRecorder States, LossRecorder Losses) NewRunner(string work, TinyDetector model, InvalidLossPolicy policy = InvalidLossPolicy.Stop)
    {
        var states = new StateRecorder();
        var losses = new LossRecorder();
        var options = TinySetup.Options(work, data.Train, epochs: 2, model: model, customHooks: [states, losses]);
        var runner = new Runner(options with { OptimWrapper = options.OptimWrapper! with { OnInvalidLoss = policy } });
        return (runner, states, losses);
    }

    [Theory]
    [InlineData(6, 2, "epoch_1.pth")]
    [InlineData(2, 1, null)]
    public void A_NaN_loss_stops_at_its_iteration_with_the_model_unchanged(int nanAt, int epoch, string? lastCheckpoint)
    {
        string work = data.NewWorkDir();
        Runner.SetRandomSeed(0);
        var (runner, states, losses) = NewRunner(work, new TinyDetector(3) { NanLossOnCall = c => c >= nanAt });
        using (runner)
        {
            var ex = Assert.Throws<InvalidLossException>(() => runner.Train());
            Assert.Equal(("loss_cls", nanAt, epoch), (ex.Term, ex.Iteration, ex.Epoch));
            Assert.Contains($"Loss term 'loss_cls' is NaN at iteration {nanAt} (epoch {epoch}); the batch held ", ex.Message);
            Assert.Equal(4, ex.Images.Count);
            Assert.All(ex.Images, image => Assert.Contains(image, ex.Message));
            Assert.Contains($"Last good checkpoint: {(lastCheckpoint is null ? "none yet" : Path.Combine(work, lastCheckpoint))}.", ex.Message);
            Assert.Equal(nanAt - 1, losses.Iterations.Count); // the hooks never saw the invalid iteration
            Assert.Equal(states.After[nanAt - 1], State(runner.Model));
            Assert.Contains($"Failed while training (epoch {epoch}, iteration {nanAt}): Detect.Engine.InvalidLossException", File.ReadAllText(runner.Log.FilePath!));
        }
    }

    [Fact]
    public void A_NaN_gradient_norm_stops_before_the_optimizer_step()
    {
        Runner.SetRandomSeed(0);
        var (runner, states, _) = NewRunner(data.NewWorkDir(), new TinyDetector(3) { NanGradOnCall = c => c == 3 });
        using (runner)
        {
            var ex = Assert.Throws<InvalidLossException>(() => runner.Train());
            Assert.Equal(("grad_norm", 3), (ex.Term, ex.Iteration));
            Assert.True(double.IsNaN(ex.Value));
            Assert.StartsWith("The gradient norm (grad_norm) is NaN at iteration 3 (epoch 1)", ex.Message);
            Assert.Equal(states.After[2], State(runner.Model));
        }
    }

    [Fact]
    public void Skip_mode_skips_exactly_the_invalid_iterations_and_reports_them()
    {
        string work = data.NewWorkDir();
        Runner.SetRandomSeed(0);
        var model = new TinyDetector(3) { NanLossOnCall = c => c is 3 or 7, NanGradOnCall = c => c == 5 };
        var (runner, states, losses) = NewRunner(work, model, InvalidLossPolicy.Skip);
        using (runner)
        {
            runner.Train();
            Assert.Equal(8, losses.Iterations.Count);
            Assert.Equal(3, runner.SkippedIters);
            Assert.Equal(3L, runner.MessageHub.GetInfo("skipped_iters"));
            // A skipped iteration leaves the model exactly as it was; the next one trains again.
            foreach (int skipped in new[] { 3, 5, 7 })
            {
                Assert.Equal(states.After[skipped - 1], states.After[skipped]);
                Assert.NotEqual(states.After[skipped], states.After[skipped + 1]);
            }
            Assert.True(double.IsNaN(losses.Iterations[2].Values["loss"]));
            Assert.True(double.IsNaN(losses.Iterations[4].Values["grad_norm"]));
            Assert.All(State(runner.Model), v => Assert.True(float.IsFinite(v)));
            // Skipped values stay out of the logged means: 5 of 8 iterations logged a loss.
            Assert.Equal(5, runner.MessageHub.GetScalar("train/loss")!.Count);

            string log = File.ReadAllText(runner.Log.FilePath!);
            Assert.Contains("Skipped iteration 3 (epoch 1): loss term 'loss_cls' is NaN; the batch held ", log);
            Assert.Contains("Skipped iteration 5 (epoch 2): the gradient norm (grad_norm) is NaN;", log);
            Assert.Contains("3 iteration(s) skipped so far.", log);
            Assert.Contains("3 of 8 training iterations were skipped because a loss or the gradient norm was not finite", log);
            var logged = File.ReadAllLines(Path.Combine(runner.LogDir, "vis_data", "scalars.json")).Select(l => JsonDocument.Parse(l).RootElement)
                .Where(l => l.TryGetProperty("loss", out _)).ToList();
            Assert.False(logged[0].TryGetProperty("skipped_iters", out _)); // iterations 1-2: nothing skipped yet, MMDetection's layout
            Assert.Equal([1, 2, 3], logged.Skip(1).Select(l => l.GetProperty("skipped_iters").GetInt32()));
            Assert.All(logged, l => Assert.True(double.IsFinite(l.GetProperty("loss").GetDouble())));
        }
    }
}
