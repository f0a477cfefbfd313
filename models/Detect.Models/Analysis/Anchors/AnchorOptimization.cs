using System.Globalization;

namespace Detect.Models.Analysis.Anchors;

/// <summary>What an anchor optimizer found: anchors sorted by area, the average best IoU over the boxes, and the iterations run.</summary>
/// <param name="Anchors">(width, height) per anchor, smallest area first.</param>
/// <param name="AverageIou">Mean over boxes of the best IoU with an anchor.</param>
/// <param name="Iterations">k-means iterations or differential-evolution generations.</param>
public sealed record AnchorOptimization(IReadOnlyList<(double W, double H)> Anchors, double AverageIou, int Iterations)
{
    /// <summary>MMDetection's <c>save_result</c>: each anchor as [round(w), round(h)] (round half to even).</summary>
    public int[][] Rounded => [.. Anchors.Select(a => new[] { (int)Math.Round(a.W, MidpointRounding.ToEven), (int)Math.Round(a.H, MidpointRounding.ToEven) })];

    /// <summary>The rounded anchors as Python prints the list: <c>[[10, 13], [16, 30]]</c>.</summary>
    public string RoundedText => "[" + string.Join(", ", Rounded.Select(a => string.Create(CultureInfo.InvariantCulture, $"[{a[0]}, {a[1]}]"))) + "]";

    /// <summary>Sorts (w, h) pairs by area, keeping the order of equal areas (Python's stable sort).</summary>
    public static IReadOnlyList<(double W, double H)> ByArea(IEnumerable<(double W, double H)> anchors) => [.. anchors.OrderBy(a => a.W * a.H)];
}
