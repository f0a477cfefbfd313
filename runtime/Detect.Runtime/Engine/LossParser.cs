using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>parse_losses</c>: each entry is averaged to a scalar; the training objective is the
/// sum of the entries whose name contains "loss" (others, such as accuracies, are only logged).
/// </summary>
public static class LossParser
{
    /// <summary>The objective and the logged values: <c>loss</c> (the objective) first, then every entry in order.</summary>
    /// <exception cref="ArgumentException">No entry has "loss" in its name.</exception>
    public static (Tensor Total, Dictionary<string, double> LogVars) Parse(IReadOnlyDictionary<string, Tensor> losses)
    {
        Tensor? total = null;
        var means = new List<(string Name, Tensor Value)>();
        foreach (var (name, value) in losses)
        {
            var mean = value.numel() == 1 ? value.reshape([]) : value.mean();
            means.Add((name, mean));
            if (name.Contains("loss", StringComparison.Ordinal)) total = total is null ? mean : total.add(mean, Scalars.One);
        }
        if (total is null)
            throw new ArgumentException($"The model returned no loss term (names containing \"loss\"): {string.Join(", ", losses.Keys)}.", nameof(losses));
        var logVars = new Dictionary<string, double> { ["loss"] = total.detach().cpu().to(float64).item<double>() };
        foreach (var (name, value) in means) logVars[name] = value.detach().cpu().to(float64).item<double>();
        return (total, logVars);
    }

    /// <summary>
    /// The first logged loss (a name containing "loss") that is NaN or infinite, or null when all are
    /// finite: the terms before the total <c>loss</c>, since the total is only invalid because a term is.
    /// </summary>
    public static string? FirstNonFinite(IReadOnlyDictionary<string, double> logVars) =>
        logVars.Where(p => p.Key != "loss").Append(KeyValuePair.Create("loss", logVars.GetValueOrDefault("loss")))
            .Where(p => p.Key.Contains("loss", StringComparison.Ordinal) && !double.IsFinite(p.Value))
            .Select(p => p.Key).FirstOrDefault();
}
