using Detect.GradientSweep;
using Xunit.Abstractions;

namespace Detect.Models.Tests.Platform;

/// <summary>
/// The gradient test that would have caught the convolution defect (issue 10): every convolution configuration of the zoo,
/// the samples and a synthetic grid, and one training step of each detector, against float64, in child processes under
/// every oneDNN ISA level this host offers (tests/Detect.GradientSweep; its report is docs/platform/conv-gradient-sweep.md).
/// What must hold is what Detect trains with: oneDNN up to AVX (the cap of training processes), and oneDNN off during
/// backward passes (the fallback) at any level.
/// </summary>
public sealed class ConvGradientSweepTests(ITestOutputHelper output)
{
    [Fact]
    public void Convolution_gradients_match_float64_on_the_paths_Detect_trains_with()
    {
        var (_, runs) = ConvSweep.RunLevels(IsaLevels.Supported());
        var failures = new List<string>();
        foreach (var run in runs)
        {
            var plainWrong = run.Rows.Where(r => !r.Plain.IsRight).ToList();
            output.WriteLine($"DNNL_MAX_CPU_ISA={run.Isa}: {run.Rows.Count} configurations, {plainWrong.Count} wrong with oneDNN" +
                (run.Rows.Any(r => r.BackwardOff is not null) ? $", {run.Rows.Count(r => r.BackwardOff is { IsRight: false })} with oneDNN off in backward" : "") +
                $"; {run.Seconds:F0} s, {run.Children} process(es)");

            // The training processes' cap: oneDNN's kernels up to AVX must be right for every configuration.
            if (run.Isa is "SSE41" or "AVX")
                failures.AddRange(plainWrong.Select(r => $"{run.Isa}, {r.Case.Group}: {r.Case.Shape}: {r.Plain}"));
            if (run.Isa is "SSE41" or "AVX" && run.ExitFailure is not null) failures.Add($"{run.Isa}: {run.ExitFailure}");

            // The fallback, measured under the default level: right for every configuration.
            failures.AddRange(run.Rows.Where(r => r.BackwardOff is { IsRight: false }).Select(r => $"{run.Isa} (oneDNN off in backward), {r.Case.Group}: {r.Case.Shape}: {r.BackwardOff}"));

            // Where the fault shows at all, the sweep's poisoned memory must show it on the configurations it was found on
            // (16 -> 3 and 16 -> 4, 3x3): otherwise the sweep has lost its power to see it. A host whose kernels are right is fine.
            if (plainWrong.Count > 0 && run.Isa is not ("SSE41" or "AVX"))
                Assert.True(run.Rows.Where(KnownBad).Any(r => !r.Plain.IsRight),
                    $"{run.Isa}: the fault shows on {plainWrong.Count} configurations but not on 16->3 or 16->4 3x3: " +
                    string.Join("; ", run.Rows.Where(KnownBad).Select(r => $"{r.Case.Shape}: {r.Plain}")));
            else if (plainWrong.Count == 0)
                output.WriteLine($"DNNL_MAX_CPU_ISA={run.Isa}: the fault is not reproduced here");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} wrong on a path Detect trains with:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public void One_training_step_of_each_detector_matches_float64_on_the_paths_Detect_trains_with()
    {
        var failures = new List<string>();
        foreach (var (level, policy) in SweepReport.DetectorRuns.Where(r => r is ("AVX", _) or (_, "backward-off")))
        {
            var run = DetectorGradients.Run(level, policy);
            if (run.ExitFailure is not null) failures.Add($"{run.Isa}, {policy}: {run.ExitFailure}");
            foreach (var step in run.Steps)
            {
                if (step.Result is not { } r)
                {
                    failures.Add($"{run.Isa}, {policy}, {DetectorGradients.Names[step.Step]}: {step.Failure}");
                    continue;
                }
                output.WriteLine($"DNNL_MAX_CPU_ISA={run.Isa}, {policy}, {r.Detector}: {r.Parameters.Count} parameters, worst {r.Worst.Name} ({r.Worst.Error})");
                if (!r.IsRight) failures.Add($"{run.Isa}, {policy}, {r.Detector}: {r.Worst.Name}: {r.Worst.Error}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    static bool KnownBad(ConvSweepRow row) =>
        row.Case.Group == "3x3 s1" && row.Case.Shape.OutChannels is 3 or 4;
}
