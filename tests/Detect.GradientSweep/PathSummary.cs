using System.Globalization;

namespace Detect.GradientSweep;

/// <summary>A group of configurations on one path, summed up for a table cell.</summary>
/// <param name="Wrong">Configurations not right (NaN, error above tolerance, or failed).</param>
/// <param name="WithNaN">Configurations whose input or weight gradient had NaN.</param>
/// <param name="Failed">Configurations that threw or killed the process.</param>
/// <param name="InputError">Largest input-gradient error among the measured ones.</param>
/// <param name="WeightError">Largest weight-gradient error among the measured ones.</param>
public sealed record PathSummary(int Wrong, int WithNaN, int Failed, double InputError, double WeightError)
{
    /// <summary>Sums up <paramref name="results"/>.</summary>
    public static PathSummary Of(IEnumerable<PathResult> results)
    {
        var list = results.ToList();
        var measured = list.Select(r => r.Gradients).OfType<PathGradients>().ToList();
        return new(list.Count(r => !r.IsRight), measured.Count(g => g.Input.NaN + g.Weight.NaN > 0), list.Count(r => r.Failure is not null),
            measured.Select(g => g.Input.MaxRelativeError).DefaultIfEmpty(0).Max(), measured.Select(g => g.Weight.MaxRelativeError).DefaultIfEmpty(0).Max());
    }

    /// <summary>The table cells: wrong, NaN, failed, input error, weight error.</summary>
    public IEnumerable<string> Cells() =>
        [Count(Wrong), Count(WithNaN), Count(Failed), Error(InputError), Error(WeightError)];

    static string Count(int n) => n == 0 ? "0" : $"**{n}**";

    /// <summary>An error as the tables show it (two digits, exponent).</summary>
    public static string Error(double e) => e.ToString("0.0e+0", CultureInfo.InvariantCulture);
}
