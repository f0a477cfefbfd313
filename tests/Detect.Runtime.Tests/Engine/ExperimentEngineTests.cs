using Detect.Config;
using Detect.Engine;
using Detect.Engine.TestKit;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// The config seam end to end: an experiment's <c>Train(args)</c> / <c>Test(args)</c> reach the
/// registered <see cref="ExperimentEngine"/>, which builds loaders, optimizer, schedules, evaluators and
/// hooks from the typed config and trains, resumes and tests.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ExperimentEngineTests(TinyData data)
{
    [Fact]
    public void Train_resume_and_test_through_the_experiment_entry_points()
    {
        string work = data.NewWorkDir();
        var experiment = new TinyExperiment(data.Train, data.Val);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try { code = experiment.Train(["--work-dir", work, "--device", "cpu", "--cfg-options", "train_cfg.max_epochs=2"]); }
        finally { Console.SetError(previous); }
        Assert.True(code == 0, error.ToString());
        Assert.Equal(Path.Combine(work, "epoch_2.pth"), File.ReadAllText(Path.Combine(work, "last_checkpoint")));
        var engine = Assert.IsType<ExperimentEngine>(TrainingEngine.Current);
        Assert.Contains("coco/bbox_mAP", engine.LastMetrics!.Keys);
        Assert.Equal(work, Path.GetDirectoryName(engine.LastLogDir));
        Assert.True(File.Exists(Path.Combine(engine.LastLogDir!, Path.GetFileName(engine.LastLogDir!) + ".log")));

        Assert.Equal(0, experiment.Train(["--work-dir", work, "--device", "cpu", "--resume"]));
        Assert.Equal(["epoch_2.pth", "epoch_3.pth"], Directory.GetFiles(work, "epoch_*.pth").Select(Path.GetFileName).Order());
        Assert.Single(Directory.GetFiles(work, "best_coco_bbox_mAP_50_epoch_*.pth"));
        var log = File.ReadAllText(Directory.GetFiles(work, "*.log", SearchOption.AllDirectories).OrderBy(File.GetLastWriteTimeUtc).Last());
        Assert.Contains("Resumed from", log);
        Assert.Contains("Epoch(train) [3][4/4]", log);
        Assert.Contains("LR is set based on batch size of 4", log);

        Assert.Equal(0, experiment.Test(["--work-dir", work, "--device", "cpu", "--checkpoint", Path.Combine(work, "epoch_3.pth")]));
        Assert.InRange(engine.LastMetrics!["coco/bbox_mAP"], 0, 1);
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
            Assert.Equal(1, new TinyExperiment(train, val).Train(["--work-dir", data.NewWorkDir(), "--device", "cpu"]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains(Path.Combine(train.ImageDir, "000002.jpg"), error.ToString());
    }
}
