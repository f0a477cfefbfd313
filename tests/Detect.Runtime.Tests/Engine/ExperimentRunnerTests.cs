using Detect.Config;
using Detect.Engine;
using Detect.Engine.TestKit;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// The config path end to end: an experiment's <c>Train(args)</c> / <c>Test(args)</c> build loaders, optimizer,
/// schedules, evaluators and hooks through their configs' <c>Build()</c> (<see cref="ExperimentRunner"/>), train, resume and
/// test, and return what happened.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ExperimentRunnerTests(TinyData data)
{
    [Fact]
    public void Train_resume_and_test_through_the_experiment_entry_points()
    {
        string work = data.NewWorkDir();
        var experiment = new TinyExperiment(data.Train, data.Val);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        RunResult trained;
        try { trained = experiment.Train(["--work-dir", work, "--device", "cpu", "--cfg-options", "train_cfg.max_epochs=2"]); }
        finally { Console.SetError(previous); }
        Assert.True(trained.Succeeded, error.ToString());
        Assert.Equal(Path.Combine(work, "epoch_2.pth"), File.ReadAllText(Path.Combine(work, "last_checkpoint")));
        Assert.Equal(Path.Combine(work, "epoch_2.pth"), trained.LastCheckpoint);
        Assert.InRange(trained.Metrics["coco/bbox_mAP"], 0, 1);
        Assert.Equal(work, Path.GetDirectoryName(trained.RunFolder));
        Assert.True(File.Exists(Path.Combine(trained.RunFolder!, Path.GetFileName(trained.RunFolder!) + ".log")));

        var resumed = experiment.Train(["--work-dir", work, "--device", "cpu", "--resume"]);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(["epoch_2.pth", "epoch_3.pth"], Directory.GetFiles(work, "epoch_*.pth").Select(Path.GetFileName).Order());
        Assert.Equal(Assert.Single(Directory.GetFiles(work, "best_coco_bbox_mAP_50_epoch_*.pth")), resumed.BestCheckpoint);
        var log = File.ReadAllText(Directory.GetFiles(work, "*.log", SearchOption.AllDirectories).OrderBy(File.GetLastWriteTimeUtc).Last());
        Assert.Contains("Resumed from", log);
        Assert.Contains("Epoch(train) [3][4/4]", log);
        Assert.Contains("LR is set based on batch size of 4", log);

        var tested = experiment.Test(["--work-dir", work, "--device", "cpu", "--checkpoint", Path.Combine(work, "epoch_3.pth")]);
        Assert.Equal(0, tested.ExitCode);
        Assert.InRange(tested.Metrics["coco/bbox_mAP"], 0, 1);
    }

    [Fact]
    public void A_missing_image_ends_the_run_with_a_message_naming_it()
    {
        string root = data.NewWorkDir() + "-data";
        var (train, val) = TinySetup.Data(root);
        File.Delete(Path.Combine(train.ImageDir, "000002.jpg"));
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, new TinyExperiment(train, val).Train(["--work-dir", data.NewWorkDir(), "--device", "cpu"]).ExitCode);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains(Path.Combine(train.ImageDir, "000002.jpg"), error.ToString());
    }
}
