// Trains the tiny detector in a process of its own, so the engine's tests can kill it with
// SIGKILL at chosen moments and resume it. Arguments:
//   train --work-dir DIR --data-root DIR [--epochs N] [--resume] [--blob-mb M] [--hold-at ITER]
// Prints "iter <n> <loss:R>" after every iteration (flushed) and "done" at the end; --hold-at keeps
// the process inside that iteration (until it is killed), --blob-mb makes checkpoints slow to write.
using Detect.Engine;
using Detect.Engine.TestKit;
using Detect.Platform;

TorchRuntime.EnsureInitialized();
string Arg(string name, string? fallback = null)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"missing {name}");
}
if (args.Length == 0 || args[0] != "train")
{
    Console.Error.WriteLine("usage: train --work-dir DIR --data-root DIR [--epochs N] [--resume] [--blob-mb M] [--hold-at ITER]");
    return 2;
}
var (train, _) = TinySetup.Data(Arg("--data-root"));
int? holdAt = args.Contains("--hold-at") ? int.Parse(Arg("--hold-at"), System.Globalization.CultureInfo.InvariantCulture) : null;
var hooks = new List<Hook> { new LossPrinter(holdAt) };
int blobMb = int.Parse(Arg("--blob-mb", "0"), System.Globalization.CultureInfo.InvariantCulture);
if (blobMb > 0) hooks.Add(new CheckpointBallast(blobMb));
var options = TinySetup.Options(Arg("--work-dir"), train, epochs: int.Parse(Arg("--epochs", "3"), System.Globalization.CultureInfo.InvariantCulture),
    customHooks: hooks, resume: args.Contains("--resume"));
using var runner = new Runner(options with { DefaultHooks = options.DefaultHooks with { Logger = null } });
runner.Train();
Console.WriteLine("done");
return 0;
