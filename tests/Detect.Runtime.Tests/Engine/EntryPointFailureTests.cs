using System.Text.RegularExpressions;
using Detect.Engine.TestKit;
using Detect.Platform;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// How an experiment's entry point ends when its run fails: a user's problem (a diverged loss) in one line, a bug
/// in one paragraph naming the file with the trace, never a stack trace on the console.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed partial class EntryPointFailureTests(TinyData data)
{
    static (int Code, string Err) Run(Func<Detect.Config.RunResult> entryPoint)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            return (entryPoint().ExitCode, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    static string RunLog(string work) => Directory.GetFiles(work, "*.log", SearchOption.AllDirectories).Single(f => !Path.GetFileName(f).StartsWith("detect-error"));

    [Fact]
    public void A_NaN_loss_stops_every_experiment_with_one_message()
    {
        string work = data.NewWorkDir();
        // The experiment names CheckInvalidLossHook (interval 1): the runner's own check stops the run, and only once.
        var experiment = new TinyExperiment(data.Train, data.Val) { Model = () => new TinyDetector(3) { NanLossOnCall = c => c >= 3 } };
        var (code, err) = Run(() => experiment.Train(["--work-dir", work, "--device", "cpu"]));
        Assert.Equal(UserErrors.DataExitCode, code);
        Assert.Equal($"TinyExperiment: Loss term 'loss_cls' is NaN at iteration 3 (epoch 1); the batch held ", err.Split(" held ")[0] + " held ");
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains("Last good checkpoint: none yet", err);
        Assert.Single(Regex.Matches(File.ReadAllText(RunLog(work)), "Loss term 'loss_cls' is NaN"));
    }

    [Fact]
    public void The_config_can_skip_invalid_iterations_instead()
    {
        string work = data.NewWorkDir();
        var experiment = new TinyExperiment(data.Train, data.Val) { Model = () => new TinyDetector(3) { NanLossOnCall = c => c == 3 } };
        var (code, err) = Run(() => experiment.Train(["--work-dir", work, "--device", "cpu", "--cfg-options", "optim_wrapper.on_invalid_loss=Skip", "train_cfg.max_epochs=2"]));
        Assert.True(code == 0, err);
        Assert.Contains("1 of 8 training iterations were skipped", File.ReadAllText(RunLog(work)));
    }

    [Fact]
    public void An_unexpected_exception_in_a_run_ends_in_a_paragraph_and_the_trace_goes_to_the_run_log()
    {
        string work = data.NewWorkDir();
        var (code, err) = Run(() => new TinyExperiment(data.Train, data.Val) { Explode = true }.Train(["--work-dir", work, "--device", "cpu"]));
        Assert.Equal(FailureReport.BugExitCode, code);
        Assert.DoesNotContain("   at ", err);
        Assert.StartsWith("TinyExperiment failed unexpectedly while training (epoch 1, iteration 2): NotSupportedException: the hook was not written for this. ", err);
        string log = RunLog(work);
        Assert.Contains($"The full error with its stack trace is in {log}. ", err);
        Assert.Single(err.TrimEnd().Split('\n'));
        string text = File.ReadAllText(log);
        Assert.Contains("Failed while training (epoch 1, iteration 2): System.NotSupportedException: the hook was not written for this", text);
        Assert.Contains("   at Detect.Runtime.Tests.Engine.ExplodingHook.AfterTrainIter", text);
    }

    [Fact]
    public void An_unexpected_exception_before_the_run_writes_the_trace_to_a_file_it_names()
    {
        string work = data.NewWorkDir();
        var experiment = new TinyExperiment(data.Train, data.Val) { Model = () => throw new InvalidCastException("a bug while building") };
        var (code, err) = Run(() => experiment.Train(["--work-dir", work, "--device", "cpu"]));
        Assert.Equal(FailureReport.BugExitCode, code);
        Assert.DoesNotContain("   at ", err);
        Assert.StartsWith("TinyExperiment failed unexpectedly while building the run (model, data loaders, optimizer, hooks): InvalidCastException: a bug while building. ", err);
        string trace = TracePath().Match(err).Groups[1].Value;
        Assert.Equal(work, Path.GetDirectoryName(trace));
        Assert.Contains("   at ", File.ReadAllText(trace));
    }

    [GeneratedRegex("stack trace is in (.+?detect-error-[^ ]+\\.log)\\. ")]
    private static partial Regex TracePath();
}
