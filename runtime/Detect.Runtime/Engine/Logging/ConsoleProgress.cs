using Spectre.Console;

namespace Detect.Engine;

/// <summary>
/// A live progress bar (Spectre.Console) below the log lines: description, bar, percentage, elapsed
/// time and time remaining. Spectre's display runs on a thread of its own until <see cref="Dispose"/>;
/// log lines written through <see cref="WriteLine"/> appear above the bar.
/// </summary>
public sealed class ConsoleProgress : IDisposable
{
    readonly ManualResetEventSlim finished = new();
    readonly Task display;
    ProgressContext? context;

    /// <summary>Shows the bar with one task.</summary>
    public ConsoleProgress(string description, double total, double done)
    {
        using var ready = new ManualResetEventSlim();
        display = Task.Run(() => AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                context = ctx;
                Main = ctx.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                Main.Value = done;
                ready.Set();
                finished.Wait();
                ctx.Refresh();
            }));
        ready.Wait();
    }

    /// <summary>Whether the console can show a live bar (a terminal, not redirected output).</summary>
    public static bool Supported => AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    /// <summary>The main task (training).</summary>
    public ProgressTask Main { get; private set; } = null!;

    /// <summary>Adds another task (validation) with its own bar.</summary>
    public ProgressTask AddTask(string description, double total) => context!.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));

    /// <summary>Writes a line above the bar.</summary>
    public void WriteLine(string line) => AnsiConsole.WriteLine(line);

    /// <summary>Stops the display (the bar stays on screen in its last state).</summary>
    public void Dispose()
    {
        finished.Set();
        display.Wait();
        finished.Dispose();
    }
}
