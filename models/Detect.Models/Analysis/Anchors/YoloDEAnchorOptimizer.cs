using Detect.Config;
using Detect.Models.Analysis.Optimization;

namespace Detect.Models.Analysis.Anchors;

/// <summary>
/// MMDetection's <c>YOLODEAnchorOptimizer</c>: <see cref="DifferentialEvolution"/> (scipy's, best1bin) over the anchors'
/// widths and heights, bounded by the input size, minimizing <c>1 − mean over boxes of the best IoU</c>.
/// </summary>
/// <param name="numAnchors">Anchors to find (2 parameters each).</param>
/// <param name="iters"><c>--iters</c>: generations at most (scipy's <c>maxiter</c>).</param>
/// <param name="populationSize"><c>popsize</c>.</param>
/// <param name="convergenceThr"><c>tol</c>.</param>
/// <param name="mutation"><c>mutation</c> dither range.</param>
/// <param name="recombination"><c>recombination</c>.</param>
/// <remarks>MMDetection evaluates the IoUs in float32 with torch and lets scipy polish the result with L-BFGS-B; Detect
/// evaluates them in float64 and does not polish (on the test boxes the polish gains 1e-5 IoU).</remarks>
public sealed class YoloDEAnchorOptimizer(int numAnchors, int iters = 1000, int populationSize = 15, double convergenceThr = 1e-4,
    (double Low, double High)? mutation = null, double recombination = 0.7)
{
    /// <summary>Optimizes anchors for <paramref name="boxes"/> at <paramref name="inputShape"/> (width, height); <paramref name="log"/> gets scipy's step lines.</summary>
    public AnchorOptimization Optimize(IReadOnlyList<(double W, double H)> boxes, (int Width, int Height) inputShape, uint? seed = null,
        Action<string>? log = null)
    {
        if (numAnchors < 1) throw new ArgumentException($"num_anchors must be at least 1, got {numAnchors}.");
        if (boxes.Count == 0) throw new ArgumentException("The dataset has no boxes to optimize anchors for.");
        var bounds = Enumerable.Range(0, numAnchors).SelectMany(_ => new[] { (0.0, (double)inputShape.Width), (0.0, (double)inputShape.Height) }).ToList();
        var solver = new DifferentialEvolution(bounds, iters, populationSize, convergenceThr, mutation ?? (0.5, 1.0), recombination, seed);
        var result = solver.Minimize(x => 1 - AnchorBoxes.AverageBestIou(boxes, Pairs(x)), log);
        log?.Invoke($"Anchor evolution finish. Average IOU: {PythonFloat.Str(1 - result.Fun)}");
        return new AnchorOptimization(AnchorOptimization.ByArea(Pairs(result.X)), 1 - result.Fun, result.Nit);
    }

    static (double W, double H)[] Pairs(double[] x) => [.. Enumerable.Range(0, x.Length / 2).Select(i => (x[2 * i], x[2 * i + 1]))];
}
