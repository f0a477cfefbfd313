using Detect.Platform;

namespace Detect.GradientSweep;

/// <summary>
/// The convolution sweep: every configuration of <see cref="ConvCatalog"/> measured by <see cref="ConvGradientProbe"/> in a
/// child process per ISA level, as libtorch computes it (the levels up to AVX are what Detect's training processes run)
/// and, under oneDNN's default level, also with oneDNN off during the backward pass (the fallback; no oneDNN kernel
/// runs in that backward, so one level tells all).
/// </summary>
public static class ConvSweep
{
    /// <summary>
    /// Builds the catalog in a child (the models are built there, as everything with tensors is), then measures it under
    /// each of <paramref name="levels"/> (null: oneDNN's default), a child per level; progress goes to <paramref name="log"/>.
    /// </summary>
    public static (IReadOnlyList<ConvCase> Cases, IReadOnlyList<ConvSweepRun> Runs) RunLevels(IEnumerable<string?> levels, TextWriter? log = null)
    {
        string casesFile = Path.Combine(Path.GetTempPath(), $"detect-sweep-cases-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        try
        {
            var cases = SweepChild.RunOnce<List<ConvCase>>("catalog");
            SweepChild.Write(casesFile, cases);
            log?.WriteLine($"{cases.Count} convolution configurations");
            // Two children at a time: each runs small operations on two threads and keeps about one core busy.
            var runs = levels.ToArray().AsParallel().AsOrdered().WithDegreeOfParallelism(2).Select(level =>
            {
                var run = Run(cases, casesFile, level);
                log?.WriteLine($"DNNL_MAX_CPU_ISA={run.Isa}: {run.Seconds:F0} s, {run.Children} process(es)");
                return run;
            }).ToList();
            return (cases, runs);
        }
        finally
        {
            File.Delete(casesFile);
        }
    }

    /// <summary>The parent's side: measures <paramref name="cases"/> (also in <paramref name="casesFile"/>) under <paramref name="isa"/> (null: oneDNN's default).</summary>
    public static ConvSweepRun Run(IReadOnlyList<ConvCase> cases, string casesFile, string? isa)
    {
        bool backwardOff = isa is null;
        var steps = Steps(cases, backwardOff);
        var run = SweepChild.RunSteps<PathGradients>("convs", ["--cases", casesFile, .. backwardOff ? new[] { "--backward-off" } : []], steps.Count, isa);
        var results = steps.Zip(run.Steps).ToDictionary(s => s.First, s => PathResult.Of(s.Second));
        var rows = cases.Select((c, i) => new ConvSweepRow(c, results[(i, false)], results.GetValueOrDefault((i, true)))).ToList();
        return new ConvSweepRun(run.Isa, rows, run.Children, run.ExitFailure, run.Seconds);
    }

    /// <summary>The child's side: steps <paramref name="from"/>.. of <paramref name="cases"/>, appended to <paramref name="output"/>.</summary>
    public static void RunSteps(IReadOnlyList<ConvCase> cases, string output, int from, bool backwardOff)
    {
        var steps = Steps(cases, backwardOff);
        ConvGradientProbe? probe = null;
        try
        {
            SweepSteps.Run(output, from, steps.Count, step =>
            {
                var (index, off) = steps[step];
                var c = cases[index];
                if (probe?.Shape != c.Shape)
                {
                    probe?.Dispose();
                    probe = new ConvGradientProbe(c.Shape, c.Batch, c.Size);
                }
                var (input, weight) = probe.Measure(off, c.Repeats);
                return new PathGradients(input, weight);
            });
        }
        finally
        {
            probe?.Dispose();
        }
    }

    /// <summary>The steps: each configuration as libtorch computes it, then (when asked) with oneDNN off during its backward pass.</summary>
    static List<(int Case, bool BackwardOff)> Steps(IReadOnlyList<ConvCase> cases, bool backwardOff) =>
        [.. cases.SelectMany((c, i) => backwardOff ? new[] { (i, false), (i, true) } : [(i, false)])];
}

/// <summary>A path's input and weight gradients against float64.</summary>
/// <param name="Input">The input gradient.</param>
/// <param name="Weight">The weight gradient.</param>
public sealed record PathGradients(GradientError Input, GradientError Weight);

/// <summary>A path's gradients, or why it has none (it threw, or killed the process).</summary>
/// <param name="Gradients">Null when it failed.</param>
/// <param name="Failure">What went wrong, or null.</param>
public sealed record PathResult(PathGradients? Gradients, string? Failure)
{
    /// <summary>Whether it ran and both gradients match float64 within <see cref="ConvBackwardCheck.Tolerance"/>.</summary>
    public bool IsRight => Gradients is { } g && g.Input.IsWithin(ConvBackwardCheck.Tolerance) && g.Weight.IsWithin(ConvBackwardCheck.Tolerance);

    /// <summary>The result of a sweep step.</summary>
    public static PathResult Of(SweepStep<PathGradients> step) => new(step.Result, step.Failure);

    /// <inheritdoc/>
    public override string ToString() => Gradients is { } g ? $"input {g.Input}, weight {g.Weight}" : $"FAILED: {Failure}";
}

/// <summary>One configuration's paths.</summary>
/// <param name="Case">The configuration.</param>
/// <param name="Plain">libtorch as it is, at the run's ISA level.</param>
/// <param name="BackwardOff">With oneDNN off during the backward pass; null where not measured (levels other than the default).</param>
public sealed record ConvSweepRow(ConvCase Case, PathResult Plain, PathResult? BackwardOff);

/// <summary>The sweep under one ISA level.</summary>
/// <param name="Isa">The <c>DNNL_MAX_CPU_ISA</c> level, or "default".</param>
/// <param name="Rows">Every configuration.</param>
/// <param name="Children">Processes it took (one more per crash).</param>
/// <param name="ExitFailure">How the last process died after measuring everything, or null.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record ConvSweepRun(string Isa, IReadOnlyList<ConvSweepRow> Rows, int Children, string? ExitFailure, double Seconds);
