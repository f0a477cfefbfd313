using Detect.GradientSweep;
using Xunit.Abstractions;

namespace Detect.Models.Tests.Platform;

/// <summary>
/// The gradient test that would have caught the convolution defect (issue 10): every convolution configuration of the zoo,
/// the samples and a synthetic grid, and one training step of each detector, against float64, in child processes under
/// every oneDNN ISA level this host offers (tests/Detect.GradientSweep; its report is docs/platform/conv-gradient-sweep.md).
/// </summary>
public sealed class ConvGradientSweepTests(ITestOutputHelper output)
{
    [Fact]
    public void Guarded_convolution_gradients_match_float64_at_every_isa_level()
    {
        var (_, runs) = ConvSweep.RunLevels(IsaLevels.Supported());
        foreach (var run in runs)
        {
            var plainWrong = run.Rows.Where(r => !r.Plain.IsRight).ToList();
            output.WriteLine($"DNNL_MAX_CPU_ISA={run.Isa}: {run.Rows.Count} configurations, {plainWrong.Count} wrong before the guard, " +
                $"{run.Rows.Count(r => !r.Guarded.IsRight)} after; {run.Seconds:F0} s, {run.Children} process(es)" +
                (plainWrong.Count == 0 ? "; the fault is not reproduced here" : ""));

            // Where the fault shows at all, the sweep's poisoned memory must show it on the configurations it was found on
            // (16 -> 3 and 16 -> 4, 3x3; each is missed now and then, both together not seen): otherwise the sweep has lost
            // its power to see it. A host whose plain path is right everywhere is fine.
            if (plainWrong.Count > 0)
                Assert.True(run.Rows.Where(KnownBad).Any(r => !r.Plain.IsRight),
                    $"{run.Isa}: the fault shows on {plainWrong.Count} configurations but not on 16->3 or 16->4 3x3: " +
                    string.Join("; ", run.Rows.Where(KnownBad).Select(r => $"{r.Case.Shape}: {r.Plain}")));
        }

        var guardedWrong = runs.SelectMany(run => run.Rows.Where(r => !r.Guarded.IsRight).Select(r => $"{run.Isa}, {r.Case.Group}: {r.Case.Shape}: {r.Guarded}")).ToList();
        Assert.True(guardedWrong.Count == 0, $"{guardedWrong.Count} configuration(s) wrong with the guard:\n{string.Join("\n", guardedWrong)}");
        Assert.All(runs, run => Assert.True(run.ExitFailure is null, $"{run.Isa}: {run.ExitFailure}"));
    }

    [Fact]
    public void One_training_step_of_each_detector_matches_float64()
    {
        var failures = new List<string>();
        foreach (var level in SweepReport.DetectorLevels)
        {
            var run = DetectorGradients.Run(level, guard: true);
            if (run.ExitFailure is not null) failures.Add($"{run.Isa}: {run.ExitFailure}");
            foreach (var step in run.Steps)
            {
                if (step.Result is not { } r)
                {
                    failures.Add($"{run.Isa}, {DetectorGradients.Names[step.Step]}: {step.Failure}");
                    continue;
                }
                output.WriteLine($"DNNL_MAX_CPU_ISA={run.Isa}, {r.Detector}: {r.Parameters.Count} parameters, worst {r.Worst.Name} ({r.Worst.Error})");
                if (!r.IsRight) failures.Add($"{run.Isa}, {r.Detector}: {r.Worst.Name}: {r.Worst.Error}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    static bool KnownBad(ConvSweepRow row) =>
        row.Case.Group == "3x3 s1" && row.Case.Shape.OutChannels is 3 or 4;
}
