using System.Runtime.InteropServices;
using System.Text.Json;

namespace Detect.GradientSweep;

/// <summary>
/// The child's side of a sweep that survives crashes: steps run in order and each one's result (or the exception
/// it threw) is appended to a JSON-lines file and flushed at once, so that when libtorch kills the process (oneDNN
/// raised SIGFPE on this project's hosts) the parent knows which step did it and starts a new child after it.
/// </summary>
public static class SweepSteps
{
    /// <summary>Runs steps <paramref name="from"/>..<paramref name="count"/>−1 of <paramref name="measure"/>, appending each to <paramref name="path"/>.</summary>
    public static void Run<T>(string path, int from, int count, Func<int, T> measure)
    {
        using var file = new StreamWriter(path, append: true);
        for (int step = from; step < count; step++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            SweepStep<T> line;
            try
            {
                line = new(step, measure(step), null, 0);
            }
            catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
            {
                line = new(step, default, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}", 0);
            }
            line = line with { Seconds = clock.Elapsed.TotalSeconds };
            file.WriteLine(JsonSerializer.Serialize(line));
            file.Flush();
        }
    }

    /// <summary>Reads the steps a child wrote.</summary>
    public static IReadOnlyList<SweepStep<T>> Read<T>(string path) =>
        File.Exists(path) ? [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<SweepStep<T>>(l)!)] : [];
}

/// <summary>One step's result, or why there is none (an exception's message, or how the process died).</summary>
/// <param name="Step">Its index.</param>
/// <param name="Result">What it measured.</param>
/// <param name="Failure">Null when it measured.</param>
/// <param name="Seconds">Time it took.</param>
public sealed record SweepStep<T>(int Step, T? Result, string? Failure, double Seconds);
