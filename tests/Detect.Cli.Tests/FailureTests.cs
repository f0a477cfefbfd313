using System.Text.RegularExpressions;
using Detect.Checkpoints;
using Detect.Cli.Commands;
using Detect.Platform;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Cli.Tests;

/// <summary>
/// A bug inside a command (here: a model whose <c>Predict</c> throws) ends in one paragraph on standard error and exit
/// code 70, never a stack trace; the trace goes to a file the paragraph names, in the command's output folder.
/// </summary>
public sealed partial class FailureTests
{
    /// <summary>A model with one weight whose prediction fails the way a bug would.</summary>
    internal sealed class BrokenModel : DetectionModel
    {
        readonly TorchSharp.Modules.Linear fc = nn.Linear(2, 2);

        public BrokenModel() : base(nameof(BrokenModel)) => register_module("fc", fc);

        public override IReadOnlyDictionary<string, Tensor> Loss(DetBatch batch) => throw new NotImplementedException();

        public override IReadOnlyList<DetDataSample> Predict(DetBatch batch, bool rescale = true) =>
            throw new IndexOutOfRangeException("Index was outside the bounds of the array.");
    }

    [Fact]
    public void An_unexpected_exception_in_infer_prints_a_paragraph_and_writes_the_trace_to_a_file()
    {
        TorchRuntime.EnsureInitialized();
        using var tmp = new TempFolder();
        using (var model = new BrokenModel()) TorchCheckpointWriter.Save(tmp["broken.pth"], new Dictionary<string, object?> { ["state_dict"] = model.state_dict() });
        string image = Cli.Fixture("detectors", "raccoon_150x200.png");

        var run = Cli.Run("infer", "--config", "BrokenForTests", "--assembly", Cli.TestAssembly, "--weights", tmp["broken.pth"], "--out-dir", tmp["out"], image);

        Assert.Equal(FailureReport.BugExitCode, run.Exit);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.Single(run.Err.TrimEnd().Split('\n'));
        Assert.StartsWith($"detect infer failed unexpectedly while detecting objects in {image}: IndexOutOfRangeException: Index was outside the bounds of the array. ", run.Err);
        Assert.Contains("Try running it again; if it fails the same way, please report it with that log file.", run.Err);
        string trace = TracePath().Match(run.Err).Groups[1].Value;
        Assert.Equal(tmp["out"], Path.GetDirectoryName(trace));
        string text = File.ReadAllText(trace);
        Assert.Contains("System.IndexOutOfRangeException: Index was outside the bounds of the array.", text);
        Assert.Contains("   at Detect.Cli.Tests.FailureTests.BrokenModel.Predict", text);
    }

    [Fact]
    public void Known_user_errors_keep_their_one_line_message()
    {
        using var tmp = new TempFolder();
        var unknown = Cli.Run("infer", "--config", "NoSuchModel", "--weights", "w.pth", "--out-dir", tmp.Root, "x.png");
        Assert.Equal(UserErrors.ConfigExitCode, unknown.Exit);
        Assert.StartsWith("detect infer: no experiment named 'NoSuchModel'", unknown.Err);

        var eval = Cli.Run("eval", "--ann", tmp["missing.json"], "--results", tmp["dt.json"]);
        Assert.Equal(UserErrors.DataExitCode, eval.Exit);
        Assert.StartsWith($"detect eval: ", eval.Err);
        Assert.Contains("missing.json", eval.Err);
        Assert.Empty(Directory.GetFiles(tmp.Root, "detect-error-*"));
    }

    [GeneratedRegex("stack trace is in (.+?detect-error-[^ ]+\\.log)\\. ")]
    private static partial Regex TracePath();
}
