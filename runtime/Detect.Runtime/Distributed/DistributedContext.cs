using System.Reflection;
using Detect.Config;

namespace Detect.Distributed;

/// <summary>
/// The process's distributed context (MMEngine's <c>init_dist</c> / <c>get_dist_info</c>):
/// <see cref="SingleProcessContext"/> unless <see cref="Launch"/> started another. Samplers, the optimizer
/// wrapper, the runner and the evaluation loop read it, so a run without a launcher is unchanged.
/// </summary>
public static class DistributedContext
{
    /// <summary>The current context.</summary>
    public static IDistributedContext Current { get; private set; } = SingleProcessContext.Instance;

    /// <summary>Whether this process writes logs, checkpoints and pictures (rank 0).</summary>
    public static bool IsMain => Current.Rank == 0;

    /// <summary>
    /// This process's rank as the launcher's environment gives it (MPICH's <c>PMI_RANK</c>), before any context
    /// starts: lets an app do once what must precede training (generating data) on rank 0 only; 0 without a launcher.
    /// </summary>
    public static int LaunchedRank => int.TryParse(Environment.GetEnvironmentVariable("PMI_RANK"), out int rank) ? rank : 0;

    /// <summary>Makes <paramref name="context"/> current until the result is disposed (which disposes it).</summary>
    public static IDisposable Use(IDistributedContext context)
    {
        var previous = Current;
        Current = context;
        return new Restore(() => { Current = previous; context.Dispose(); });
    }

    /// <summary>
    /// Starts the context of <c>--launcher</c>: <c>none</c> keeps the single process; <c>mpi</c> loads
    /// <c>Detect.Distributed.MpiContext</c> from the Detect.Distributed assembly (referenced by the app).
    /// </summary>
    public static IDisposable Launch(string launcher)
    {
        switch (launcher)
        {
            case "none": return new Restore(() => { });
            case "mpi":
                var type = LoadMpiContext() ?? throw new ConfigurationException(
                    "--launcher mpi needs the Detect.Distributed package next to the app (add a reference to Detect.Distributed).");
                return Use((IDistributedContext)Activator.CreateInstance(type)!);
            default: throw new ConfigurationException($"--launcher '{launcher}' is not known; use none or mpi.");
        }
    }

    static Type? LoadMpiContext()
    {
        try
        {
            return Assembly.Load("Detect.Distributed").GetType("Detect.Distributed.MpiContext");
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
