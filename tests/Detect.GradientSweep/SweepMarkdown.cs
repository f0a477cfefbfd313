using System.Globalization;
using System.Text;
using Detect.Platform;

namespace Detect.GradientSweep;

/// <summary>Writes <see cref="SweepReport"/> as the Markdown page docs/platform/conv-gradient-sweep.md.</summary>
public static class SweepMarkdown
{
    /// <summary>The command that writes the page (from the repository root).</summary>
    public const string Command = "dotnet run --project tests/Detect.GradientSweep -c Release -- report --out docs/platform/conv-gradient-sweep.md";

    /// <summary>The page.</summary>
    public static string Write(SweepReport report)
    {
        var md = new StringBuilder();
        var models = report.Cases.Where(c => c.Group == ConvCatalog.ModelsGroup).ToList();
        md.AppendLine("# Convolution gradients against float64, on every oneDNN ISA level (the gradient sweep)").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Host: **{report.Cpu}** (widest oneDNN ISA: {report.HostIsa}), {report.Date:yyyy-MM-dd}, {report.Minutes:F1} min on 2 cores.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `{Command}`; the same measurements are asserted by `ConvGradientSweepTests` (tests/Detect.Models.Tests/Platform).").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            Each configuration's input and weight gradients in float32 are compared with float64 (libtorch's own kernels: oneDNN takes
            no float64), with freed NaN-filled memory before every forward and backward pass (`AllocatorPoison`), through a
            `Conv2d` module called as a model calls it: **oneDNN** = libtorch as it is at that level, **oneDNN off in backward** =
            the same forward with oneDNN off during the backward pass (Detect's fallback; measured once, under the default level,
            as no oneDNN kernel runs in that backward). Detect's training processes run oneDNN capped at AVX on hosts that offer
            more, so the rows up to AVX are what training computes. Each ISA level runs in
            a child process of its own with `DNNL_MAX_CPU_ISA` set (default = unset); a configuration that kills the process is
            counted as failed and the next process starts after it. Error = max |float32 − float64| / max |float64| (NaN left
            out, counted apart); right = no NaN and error ≤ {ConvBackwardCheck.Tolerance:0e+0} for both gradients.

            {report.Cases.Count - models.Count} synthetic configurations (16 input channels, 2 images of 12×12 unless the group says
            otherwise) and {models.Count} distinct configurations of the zoo's and the samples' models and the model tests' small
            detectors (real channel counts, one 8×8 image), found by building the models and walking their modules.
            """).AppendLine();

        ConvTable(md, report);
        WrongLists(md, report);
        DetectorTable(md, report);
        return md.ToString();
    }

    static void ConvTable(StringBuilder md, SweepReport report)
    {
        md.AppendLine("## Convolutions: oneDNN at each level, and oneDNN off in backward").AppendLine();
        md.AppendLine("| DNNL_MAX_CPU_ISA | configurations | n | oneDNN: wrong | NaN | failed | input err | weight err | off in backward: wrong | NaN | failed | input err | weight err |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in report.Convs)
            foreach (var group in run.Rows.GroupBy(r => r.Case.Group))
            {
                var cells = new[] { run.Isa, group.Key, group.Count().ToString(CultureInfo.InvariantCulture) }
                    .Concat(PathSummary.Of(group.Select(r => r.Plain)).Cells())
                    .Concat(group.All(r => r.BackwardOff is not null) ? PathSummary.Of(group.Select(r => r.BackwardOff!)).Cells() : ["", "", "", "", ""]);
                md.AppendLine("| " + string.Join(" | ", cells) + " |");
            }
        md.AppendLine();
        foreach (var run in report.Convs.Where(r => r.ExitFailure is not null))
            md.AppendLine(CultureInfo.InvariantCulture, $"- {run.Isa}: {run.ExitFailure}.");
        md.AppendLine();
    }

    static void WrongLists(StringBuilder md, SweepReport report)
    {
        md.AppendLine("## Which configurations are wrong").AppendLine();
        foreach (var run in report.Convs)
        {
            var plain = run.Rows.Where(r => !r.Plain.IsRight).ToList();
            var off = run.Rows.Where(r => r.BackwardOff is { IsRight: false }).ToList();
            string offText = run.Rows.Any(r => r.BackwardOff is not null) ? $"; oneDNN off in backward, {off.Count}{Listing(off, r => r.BackwardOff!)}" : "";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"**{run.Isa}**: oneDNN, {plain.Count} of {run.Rows.Count} wrong{Listing(plain, r => r.Plain)}{offText}")).AppendLine();
        }
    }

    // Synthetic groups as output-channel lists, model configurations by shape and one module that has it.
    static string Listing(IReadOnlyList<ConvSweepRow> rows, Func<ConvSweepRow, PathResult> path)
    {
        if (rows.Count == 0) return ".";
        var parts = rows.GroupBy(r => r.Case.Group).Select(g => g.Key == ConvCatalog.ModelsGroup
            ? string.Join("; ", g.Select(r => $"`{r.Case.Shape}` ({r.Case.Sources[0]}{(r.Case.Sources.Count > 1 ? $" and {r.Case.Sources.Count - 1} more" : "")}): {Describe(path(r))}"))
            : $"{g.Key}: {Channels(g.Select(r => r.Case.Shape.OutChannels))} output channels{FailureNote(g.Select(path))}");
        return ": " + string.Join("; ", parts) + ".";
    }

    static string Describe(PathResult r) =>
        r.Gradients is { } g ? $"input {g.Input}, weight {g.Weight}" : r.Failure!;

    static string FailureNote(IEnumerable<PathResult> results) =>
        results.Select(r => r.Failure).OfType<string>().Distinct().ToList() is { Count: > 0 } failures ? $" ({string.Join("; ", failures)})" : "";

    // 1, 2, 3, 5 → "1–3, 5"
    static string Channels(IEnumerable<int> values)
    {
        var sorted = values.Distinct().Order().ToList();
        var ranges = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            ranges.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
        }
        return string.Join(", ", ranges);
    }

    static void DetectorTable(StringBuilder md, SweepReport report)
    {
        md.AppendLine("## One training step of each detector: float32 against float64").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            The model tests' small detectors (`SmallDetectors`: ResNet-18 at base width 8, 16-channel FPN, 3 classes) on the
            odd-sized batch of seed {DetectorGradients.BatchSeed}: `Loss` + `backward` in float32, then the same weights, batch and
            sampler seeds in float64 (`model.to(float64)`, the preprocessor following the model's type). Error per parameter
            tensor as above; right = no NaN and error ≤ {DetectorGradients.Tolerance:0e+0} for every parameter.
            """).AppendLine();
        md.AppendLine("| detector | DNNL_MAX_CPU_ISA | DETECT_CONV_GRADIENTS | parameters | max error (NaN left out) | worst parameter (NaN first) | NaN params | largest loss difference | process |");
        md.AppendLine("|---|---|---|---:|---:|---|---:|---:|---|");
        foreach (var run in report.Detectors)
            foreach (var step in run.Steps)
            {
                string guard = run.Policy, process = run.ExitFailure ?? "exited cleanly";
                if (step.Result is not { } r)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {DetectorGradients.Names[step.Step]} | {run.Isa} | {guard} | | | | | | FAILED: {step.Failure} |");
                    continue;
                }
                double lossDifference = r.Losses64.Max(l => Math.Abs(r.Losses32[l.Key] - l.Value) / Math.Max(Math.Abs(l.Value), 1e-12));
                var cells = new[]
                {
                    r.Detector, run.Isa, guard, r.Parameters.Count.ToString(CultureInfo.InvariantCulture), PathSummary.Error(r.Parameters.Max(p => p.Error.MaxRelativeError)),
                    r.Worst.Name, r.Parameters.Count(p => p.Error.NaN > 0).ToString(CultureInfo.InvariantCulture), PathSummary.Error(lossDifference), process,
                };
                md.AppendLine("| " + string.Join(" | ", cells) + " |");
            }
        md.AppendLine();
    }
}
