using System.CommandLine;
using Detect.Config;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect test &lt;experiment&gt; --checkpoint FILE [--out results.json] [--format-only] [--show-dir DIR] [--tta]</c>: evaluates
/// a checkpoint on the experiment's test loader (MMDetection's <c>tools/test.py</c>). <c>--out</c> writes the predictions in
/// the COCO results format (what <c>detect eval</c> reads); <c>--format-only</c> writes them and skips the metrics, for a
/// test set without ground truth (<c>CocoMetric(format_only=True)</c>); <c>--show-dir</c> draws the test images' predictions
/// into DIR (the visualization hook's <c>draw</c> and <c>test_out_dir</c>). They become <c>--cfg-options</c> of the run.
/// <c>--tta</c> tests with test-time augmentation (<see cref="Engine.TestTimeAugSetup"/>).
/// </summary>
public static class TestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var device = CommonOptions.Device();
        var checkpoint = new Option<string>("--checkpoint") { Description = "The weights to test.", Required = true };
        var workDir = new Option<string?>("--work-dir") { Description = "Where results and logs go." };
        var out_ = new Option<string?>("--out") { Description = "Write the predictions as a COCO results file (.json; masks to NAME.segm.json)." };
        var formatOnly = new Option<bool>("--format-only") { Description = "Only write --out, no metrics: for a test set without ground truth (e.g. test-dev)." };
        var showDir = new Option<string?>("--show-dir") { Description = "Draw the predictions on the test images into this folder." };
        var tta = new Option<bool>("--tta") { Description = "Test-time augmentation: the config's tta_pipeline views (else each image flipped and as it is), merged by NMS as tta_model says." };
        var command = experiment.AddTo(new Command("test", "Test a checkpoint with an experiment's test loader and evaluator.")
            { checkpoint, device, workDir, out_, formatOnly, showDir, tta });
        command.SetAction(parse => FailureReport.Run("detect test", () =>
        {
            string? results = parse.GetValue(out_);
            string? prefix = results is null ? null : ResultsPrefix(results);
            if (parse.GetValue(formatOnly) && prefix is null) throw new ConfigurationException("--format-only needs --out FILE.json: the results must be written somewhere.");
            List<string> overrides = [.. parse.GetValue(experiment.CfgOptions) ?? []];
            if (prefix is not null) overrides.Add($"test_evaluator.outfile_prefix={prefix}");
            if (parse.GetValue(formatOnly)) overrides.Add("test_evaluator.format_only=true");
            if (parse.GetValue(showDir) is { } show)
                overrides.AddRange(["default_hooks.visualization.draw=true", "default_hooks.visualization.interval=1",
                    $"default_hooks.visualization.test_out_dir={Path.GetFullPath(show)}"]);
            List<string> args = [.. overrides.Count > 0 ? ["--cfg-options", .. overrides] : Array.Empty<string>(),
                "--device", parse.GetValue(device)!, "--checkpoint", parse.GetValue(checkpoint)!];
            if (parse.GetValue(workDir) is { } dir) args.AddRange(["--work-dir", dir]);
            if (parse.GetValue(tta)) args.Add("--tta");
            int code = experiment.Find(parse).Test([.. args]).ExitCode;
            if (code == 0 && prefix is not null)
            {
                File.Move(prefix + ".bbox.json", results!, overwrite: true);
                Console.WriteLine($"results written to {results}");
            }
            return code;
        }));
        return command;
    }

    /// <summary>The evaluator's outfile prefix for <c>--out FILE.json</c> (FILE, absolute).</summary>
    static string ResultsPrefix(string results) =>
        Path.GetExtension(results).Equals(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.ChangeExtension(Path.GetFullPath(results), null)
            : throw new ConfigurationException($"--out {results}: the results are written in the COCO results format, a .json file.");
}
