using System.Text.Json;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Engine;
using Detect.Engine.TestKit;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class RunnerTests(TinyData data)
{
    static (LossRecorder Recorder, Runner Runner) Train(RunnerOptions options)
    {
        var recorder = new LossRecorder();
        var runner = new Runner(options with { CustomHooks = [.. options.CustomHooks, recorder] });
        runner.Train();
        return (recorder, runner);
    }

    static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().to(float32).reshape(-1).data<float>().ToArray());

    [Fact]
    public void Training_lowers_the_loss_and_writes_checkpoints_and_logs()
    {
        string work = data.NewWorkDir();
        var (recorder, runner) = Train(TinySetup.Options(work, data.Train, data.Val, epochs: 4));
        using (runner)
        {
            var losses = recorder.Losses.ToList();
            Assert.Equal(16, losses.Count);
            Assert.True(losses.Skip(12).Average() < losses.Take(4).Average(), $"loss did not fall: {string.Join(", ", losses)}");
            Assert.Equal(Enumerable.Range(1, 16), recorder.Iterations.Select(i => i.Iter));
            Assert.Equal(["loss", "loss_cls", "loss_bbox", "acc", "grad_norm"], recorder.Iterations[0].Values.Keys);
            Assert.Equal(4, recorder.Validations.Count);
            Assert.InRange(recorder.Validations[^1]["coco/bbox_mAP"], 0, 1);

            foreach (var e in Enumerable.Range(1, 4)) Assert.True(File.Exists(Path.Combine(work, $"epoch_{e}.pth")));
            Assert.Equal(Path.Combine(work, "epoch_4.pth"), File.ReadAllText(Path.Combine(work, "last_checkpoint")));

            var lines = File.ReadAllLines(Path.Combine(runner.LogDir, "vis_data", "scalars.json")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var train = lines.Where(l => l.TryGetProperty("loss", out _)).ToList();
            Assert.Equal(8, train.Count); // every 2 iterations
            // MMDetection's scalars.json layout: lr, data_time, the logged values, time, epoch, iter, memory, step.
            Assert.Equal(["lr", "data_time", "loss", "loss_cls", "loss_bbox", "acc", "grad_norm", "time", "epoch", "iter", "memory", "step"],
                train[0].EnumerateObject().Select(p => p.Name));
            // The loss logged at iteration 2 is the mean of iterations 1 and 2 (MMEngine's window of the interval).
            Assert.Equal((losses[0] + losses[1]) / 2, train[0].GetProperty("loss").GetDouble(), 12);
            Assert.Equal(2, train[0].GetProperty("iter").GetInt32());
            Assert.Equal(1, train[0].GetProperty("epoch").GetInt32());
            var val = lines.Where(l => l.TryGetProperty("coco/bbox_mAP", out _)).ToList();
            Assert.Equal([1, 2, 3, 4], val.Select(v => v.GetProperty("step").GetInt32()));
            Assert.True(File.Exists(Path.Combine(runner.LogDir, "config.json")));
            Assert.Contains("Epoch(train) [4][4/4]", File.ReadAllText(runner.Log.FilePath!));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_loss_curve()
    {
        var (first, r1) = Train(TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 3, seed: 3));
        var (second, r2) = Train(TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 3, seed: 3));
        var (other, r3) = Train(TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 3, seed: 4));
        using (r1) using (r2) using (r3)
        {
            Assert.Equal(first.Losses, second.Losses);
            Assert.Equal(Weights(r1.Model).Values.SelectMany(v => v), Weights(r2.Model).Values.SelectMany(v => v));
            Assert.NotEqual(first.Losses, other.Losses);
        }
    }

    [Fact]
    public void A_resumed_run_continues_exactly_as_an_uninterrupted_one()
    {
        var (whole, wholeRunner) = Train(TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 4));
        string work = data.NewWorkDir();
        var (firstHalf, r1) = Train(TinySetup.Options(work, data.Train, epochs: 2));
        // A fresh model with other initial weights: everything must come from the checkpoint.
        var (secondHalf, r2) = Train(TinySetup.Options(work, data.Train, epochs: 4, seed: 0, resume: true) with { Model = NewModel(seed: 99) });
        using (wholeRunner) using (r1) using (r2)
        {
            Assert.True(r2.Resumed);
            Assert.Equal(whole.Losses, firstHalf.Losses.Concat(secondHalf.Losses));
            Assert.Equal(Enumerable.Range(9, 8), secondHalf.Iterations.Select(i => i.Iter));
            Assert.Equal(Weights(wholeRunner.Model).Values.SelectMany(v => v), Weights(r2.Model).Values.SelectMany(v => v));
            Assert.Equal(wholeRunner.OptimWrapper!.Optimizer.ParamGroups[0].Lr, r2.OptimWrapper!.Optimizer.ParamGroups[0].Lr);
        }
    }

    static TinyDetector NewModel(int seed)
    {
        Runner.SetRandomSeed(seed);
        return new TinyDetector(3);
    }

    [Fact]
    public void A_run_resumed_inside_an_epoch_skips_the_batches_it_has_seen()
    {
        var (whole, wholeRunner) = Train(TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 3));
        string work = data.NewWorkDir();
        var everyThird = new DefaultHooks { Logger = null, Checkpoint = new CheckpointHook(interval: 3, byEpoch: false, saveLast: false) };
        var (partial, r1) = Train(TinySetup.Options(work, data.Train, epochs: 2) with { DefaultHooks = everyThird });
        Assert.Equal(Path.Combine(work, "iter_6.pth"), File.ReadAllText(Path.Combine(work, "last_checkpoint")));
        var (rest, r2) = Train(TinySetup.Options(work, data.Train, epochs: 3, resume: true) with { DefaultHooks = everyThird });
        using (wholeRunner) using (r1) using (r2)
        {
            Assert.Equal(Enumerable.Range(7, 6), rest.Iterations.Select(i => i.Iter));
            Assert.Equal(whole.Losses.Skip(6), rest.Losses);
        }
    }

    [Fact]
    public void An_iteration_based_loop_over_an_infinite_sampler_resumes_exactly()
    {
        RunnerOptions Iterations(string work, int iters, bool resume) => TinySetup.Options(work, data.Train, resume: resume) with
        {
            TrainDataloader = TinySetup.TrainLoader(data.Train, infinite: true),
            TrainCfg = new IterBasedTrainLoopOptions(iters),
            ParamScheduler = [new LinearLR { StartFactor = 0.1, ByEpoch = false, End = 4 }, new CosineAnnealingLR { ByEpoch = false, Begin = 4, End = 10 }],
            DefaultHooks = new DefaultHooks { Logger = null, Checkpoint = new CheckpointHook(interval: 5, byEpoch: false) },
        };
        var (whole, wholeRunner) = Train(Iterations(data.NewWorkDir(), 10, false));
        string work = data.NewWorkDir();
        var (_, r1) = Train(Iterations(work, 5, false));
        var (rest, r2) = Train(Iterations(work, 10, true));
        using (wholeRunner) using (r1) using (r2)
        {
            Assert.Equal(10, whole.Iterations.Count);
            Assert.Equal(whole.Losses.Skip(5), rest.Losses);
            Assert.True(File.Exists(Path.Combine(work, "iter_10.pth")));
        }
    }

    [Fact]
    public void Max_keep_and_save_best_manage_the_checkpoint_files()
    {
        string work = data.NewWorkDir();
        var hooks = new DefaultHooks { Logger = null, Checkpoint = new CheckpointHook(maxKeepCkpts: 2, saveBest: "coco/bbox_mAP_50") };
        var (recorder, runner) = Train(TinySetup.Options(work, data.Train, data.Val, epochs: 4) with { DefaultHooks = hooks });
        using (runner)
        {
            Assert.Equal(["epoch_3.pth", "epoch_4.pth"], Directory.GetFiles(work, "epoch_*.pth").Select(Path.GetFileName).Order());
            var scores = recorder.Validations.Select(v => v["coco/bbox_mAP_50"]).ToList();
            int bestEpoch = scores.IndexOf(scores.Max()) + 1;
            var best = Assert.Single(Directory.GetFiles(work, "best_*.pth"));
            Assert.Equal($"best_coco_bbox_mAP_50_epoch_{bestEpoch}.pth", Path.GetFileName(best));
            Assert.Equal(scores.Max(), (double)runner.MessageHub.GetInfo("best_score")!);
            var meta = (PickleDict)((PickleDict)CheckpointLoader.Read(best).Root!)["meta"]!;
            Assert.Equal((long)bestEpoch, meta["epoch"]);
        }
    }

    [Fact]
    public void Load_from_takes_the_weights_only()
    {
        string work = data.NewWorkDir();
        var (_, trained) = Train(TinySetup.Options(work, data.Train, epochs: 2));
        var expected = Weights(trained.Model);
        trained.Dispose();
        var runner = new Runner(TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 1) with
        {
            Model = NewModel(7),
            LoadFrom = Path.Combine(work, "epoch_2.pth"),
            TestDataloader = TinySetup.ValLoader(data.Val),
            TestEvaluator = new CocoEvaluator(new Detect.Evaluation.CocoMetric(data.Val.AnnFile, classes: Detect.Data.ShapesDataset.Classes)),
        });
        using (runner)
        {
            var metrics = runner.Test();
            Assert.Equal(expected.Values.SelectMany(v => v), Weights(runner.Model).Values.SelectMany(v => v));
            Assert.Contains("coco/bbox_mAP", metrics.Keys);
        }
    }

    [Fact]
    public void Ema_weights_are_evaluated_and_saved_and_a_resume_restores_both()
    {
        Hook Ema() => new EmaHook(EmaType.ExpMomentumEma, momentum: 0.01, gamma: 4);
        var (whole, wholeRunner) = Train(TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 3, customHooks: [Ema()]));
        string work = data.NewWorkDir();
        var (_, r1) = Train(TinySetup.Options(work, data.Train, epochs: 2, customHooks: [Ema()]));
        var ema = (EmaHook)r1.Hooks.Single(h => h is EmaHook);
        var saved = (PickleDict)CheckpointLoader.Read(Path.Combine(work, "epoch_2.pth")).Root!;
        var state = (PickleDict)saved["state_dict"]!;
        var raw = (PickleDict)saved["ema_state_dict"]!;
        // state_dict holds the average, ema_state_dict the raw weights (MMEngine's swap).
        using (var average = ((StoredTensor)state["fc.weight"]!).ToTensor())
            Assert.True(average.allclose(ema.Ema!.Averaged["fc.weight"], 0, 0));
        using (var model = ((StoredTensor)raw["module.fc.weight"]!).ToTensor())
            Assert.True(model.allclose(r1.Model.state_dict()["fc.weight"], 0, 0));
        var (rest, r2) = Train(TinySetup.Options(work, data.Train, epochs: 3, customHooks: [Ema()], resume: true));
        using (wholeRunner) using (r1) using (r2)
        {
            Assert.Equal(whole.Losses.Skip(8), rest.Losses);
            var a = ((EmaHook)wholeRunner.Hooks.Single(h => h is EmaHook)).Ema!;
            var b = ((EmaHook)r2.Hooks.Single(h => h is EmaHook)).Ema!;
            Assert.Equal(a.Steps, b.Steps);
            foreach (var (name, t) in a.Averaged) Assert.True(t.allclose(b.Averaged[name], 0, 0), name);
        }
    }
}
