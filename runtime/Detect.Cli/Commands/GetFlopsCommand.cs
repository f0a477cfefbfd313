using System.CommandLine;
using Detect.Models.Analysis;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect get-flops &lt;experiment&gt; [--shape H [W]] [--size-divisor 32] [--max-depth N]</c>: MMDetection's
/// <c>tools/analysis_tools/get_flops.py</c> (2.x, MMCV's counter): FLOPs and parameters per module and in total for
/// one zeros image through backbone, neck and dense head (<see cref="ComplexityCounter"/>; counted operators:
/// <see cref="FlopRules"/>).
/// </summary>
public static class GetFlopsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var shape = new Option<int[]>("--shape")
        {
            Description = "Input height and width (one number: a square), as get_flops.py's --shape.",
            DefaultValueFactory = _ => [1280, 800],
            AllowMultipleArgumentsPerToken = true,
        };
        var divisor = new Option<int>("--size-divisor")
        {
            Description = "Pad height and width up to a multiple of this (as the data preprocessor does); 0 or less: no padding.",
            DefaultValueFactory = _ => 32,
        };
        var maxDepth = new Option<int?>("--max-depth") { Description = "Print the per-module tree only this many levels deep (default: all; 0: root only)." };
        var command = experiment.AddTo(new Command("get-flops", "FLOPs and parameters of an experiment's model (MMCV's counting rules).")
            { shape, divisor, maxDepth });
        command.SetAction(parse => ToolGuard.Run("detect get-flops", () =>
        {
            var hw = parse.GetValue(shape)!;
            if (hw.Length is not (1 or 2) || hw.Any(v => v <= 0))
            {
                Console.Error.WriteLine($"detect get-flops: --shape takes one or two positive sizes (height [width]), got [{string.Join(", ", hw)}].");
                return 2;
            }
            var (height, width) = (hw[0], hw.Length == 2 ? hw[1] : hw[0]);
            int d = parse.GetValue(divisor);
            var (paddedHeight, paddedWidth) = d > 0 ? (RoundUp(height, d), RoundUp(width, d)) : (height, width);

            using var detector = ExperimentParts.BuildDetector(ExperimentParts.Resolve(experiment, parse));
            var report = ComplexityCounter.Measure(detector, paddedHeight, paddedWidth);
            Console.WriteLine(report.FormatTree(parse.GetValue(maxDepth) ?? int.MaxValue));
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Parameters: {report.All:N0} in all, {report.Trainable:N0} trainable (MMCV's Params count only trainable ones)."));
            var line = new string('=', 30);
            if ((paddedHeight, paddedWidth) != (height, width))
                Console.WriteLine($"{line}\nUse size divisor set input shape from (3, {height}, {width}) to (3, {paddedHeight}, {paddedWidth})\n");
            Console.WriteLine(report.FormatSummary());
            Console.WriteLine("!!!Please be cautious if you use the results in papers. You may need to check if all ops are supported and verify that the flops computation is correct.");
            return 0;
        }));
        return command;
    }

    static int RoundUp(int size, int divisor) => (size + divisor - 1) / divisor * divisor;
}
