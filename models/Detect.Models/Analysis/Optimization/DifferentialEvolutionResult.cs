namespace Detect.Models.Analysis.Optimization;

/// <summary>scipy's <c>OptimizeResult</c> of a differential evolution (what Detect uses of it).</summary>
/// <param name="X">The best parameters found.</param>
/// <param name="Fun">Their cost.</param>
/// <param name="Nit">Generations run.</param>
/// <param name="Nfev">Cost evaluations.</param>
/// <param name="Converged">Whether the population converged before <c>maxiter</c>.</param>
public sealed record DifferentialEvolutionResult(double[] X, double Fun, int Nit, int Nfev, bool Converged);
