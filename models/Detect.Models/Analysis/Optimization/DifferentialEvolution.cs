using Detect.Config;

namespace Detect.Models.Analysis.Optimization;

/// <summary>
/// scipy's <c>differential_evolution</c> (scipy 1.10's DifferentialEvolutionSolver) with strategy <c>best1bin</c>,
/// Latin-hypercube initialization, dithered mutation and <c>updating='immediate'</c>: draw for draw the same algorithm,
/// so with the same seed (<see cref="NumpyRandomState"/>) and the same cost function it visits the same points.
/// </summary>
/// <remarks>
/// <para>Each generation draws the mutation factor in [mutation.0, mutation.1); then for every member i in turn:
/// trial = best + F·(x_r0 − x_r1) for two other members drawn without replacement, crossed over binomially with member
/// i (probability <c>recombination</c>, one random coordinate always from the mutant), coordinates outside [0, 1)
/// redrawn; the trial replaces member i when its cost is not higher, and becomes the best when it is the lowest.
/// Stops after <c>maxiter</c> generations or when std(costs) ≤ atol + tol·|mean(costs)|.</para>
/// <para>Not implemented: scipy's final L-BFGS-B <c>polish</c> (Detect returns the best member as is), the other
/// strategies, constraints, integrality, workers and <c>updating='deferred'</c>.</para>
/// </remarks>
/// <param name="bounds">(low, high) per parameter.</param>
/// <param name="maxiter"><c>maxiter</c>: generations at most.</param>
/// <param name="popsize"><c>popsize</c>: members = max(5, popsize × parameters).</param>
/// <param name="tol"><c>tol</c>: relative convergence tolerance.</param>
/// <param name="mutation"><c>mutation</c>: the dither range of the differential weight.</param>
/// <param name="recombination"><c>recombination</c>: crossover probability.</param>
/// <param name="seed"><c>seed</c>; null draws one.</param>
/// <param name="atol"><c>atol</c>: absolute convergence tolerance.</param>
public sealed class DifferentialEvolution(IReadOnlyList<(double Low, double High)> bounds, int maxiter = 1000, int popsize = 15,
    double tol = 0.01, (double Low, double High)? mutation = null, double recombination = 0.7, uint? seed = null, double atol = 0)
{
    readonly (double Low, double High) dither = mutation ?? (0.5, 1.0);

    /// <summary>Minimizes <paramref name="cost"/> over the bounds; <paramref name="disp"/> receives scipy's per-generation lines.</summary>
    public DifferentialEvolutionResult Minimize(Func<double[], double> cost, Action<string>? disp = null)
    {
        int dims = bounds.Count;
        if (dims == 0) throw new ArgumentException("differential evolution needs at least one parameter.");
        if (bounds.Any(b => !(b.High > b.Low))) throw new ArgumentException("every bound needs low < high.");
        var rng = new NumpyRandomState(seed ?? (uint)Random.Shared.NextInt64(0, 1L << 32));
        int members = Math.Max(5, popsize * dims);
        var population = InitLatinHypercube(rng, members, dims);
        var energies = new double[members];
        int nfev = 0;
        for (int m = 0; m < members; m++, nfev++) energies[m] = cost(Scale(population[m]));
        PromoteLowest(population, energies);

        int nit;
        for (nit = 1; nit <= maxiter; nit++)
        {
            double scale = rng.Uniform(dither.Low, dither.High);
            for (int candidate = 0; candidate < members; candidate++)
            {
                var trial = Mutate(rng, population, candidate, scale, dims, members);
                for (int j = 0; j < dims; j++)
                    if (trial[j] > 1 || trial[j] < 0) trial[j] = rng.Uniform();
                double energy = cost(Scale(trial));
                nfev++;
                if (energy <= energies[candidate])
                {
                    population[candidate] = trial;
                    energies[candidate] = energy;
                    if (energy <= energies[0]) PromoteLowest(population, energies);
                }
            }
            disp?.Invoke($"differential_evolution step {nit}: f(x)= {PythonFloat.General(energies[0])}");
            if (NumpyReductions.Std(energies) <= atol + tol * Math.Abs(NumpyReductions.Mean(energies))) break;
        }
        bool converged = nit <= maxiter;
        return new DifferentialEvolutionResult(Scale(population[0]), energies[0], Math.Min(nit, maxiter), nfev, converged);
    }

    // scipy's init_population_lhs: one uniform draw per segment of [0, 1), then a permutation per parameter.
    static double[][] InitLatinHypercube(NumpyRandomState rng, int members, int dims)
    {
        double segment = 1.0 / members;
        var samples = new double[members, dims];
        for (int m = 0; m < members; m++)
            for (int j = 0; j < dims; j++)
                samples[m, j] = segment * rng.Uniform() + m * (1.0 / members);   // np.linspace(0, 1, members, endpoint=False)
        var population = Enumerable.Range(0, members).Select(_ => new double[dims]).ToArray();
        for (int j = 0; j < dims; j++)
        {
            var order = rng.Permutation(members);
            for (int m = 0; m < members; m++) population[m][j] = samples[order[m], j];
        }
        return population;
    }

    // best1bin: best + F (x_r0 − x_r1), binomial crossover with the candidate; the fill point always crosses.
    double[] Mutate(NumpyRandomState rng, double[][] population, int candidate, double scale, int dims, int members)
    {
        var trial = (double[])population[candidate].Clone();
        int fillPoint = (int)rng.Choice(dims);
        var others = Enumerable.Range(0, members).Where(i => i != candidate).ToList();
        rng.Shuffle(others);
        var (r0, r1) = (population[others[0]], population[others[1]]);
        var best = population[0];
        for (int j = 0; j < dims; j++)
        {
            double mutant = best[j] + scale * (r0[j] - r1[j]);
            bool cross = rng.Uniform() < recombination;
            if (cross || j == fillPoint) trial[j] = mutant;
        }
        return trial;
    }

    double[] Scale(double[] unit)
    {
        var x = new double[unit.Length];
        for (int j = 0; j < unit.Length; j++)
        {
            var (low, high) = bounds[j];
            x[j] = 0.5 * (low + high) + (unit[j] - 0.5) * Math.Abs(low - high);
        }
        return x;
    }

    static void PromoteLowest(double[][] population, double[] energies)
    {
        int best = 0;
        for (int m = 1; m < energies.Length; m++)
            if (energies[m] < energies[best]) best = m;
        (energies[0], energies[best]) = (energies[best], energies[0]);
        (population[0], population[best]) = (population[best], population[0]);
    }
}
