// Prints max |ours − torchvision| / max |torchvision| per feature level for backbone fixtures.
// Usage: dotnet run --project tests/golden/models/ParityCheck -c Release -- DIR NAME[=CONVERTED]...
//   NAME            converts DIR/NAME.pth (torchvision keys) in memory
//   NAME=CONVERTED  loads CONVERTED, a file `detect convert` wrote (Detect's keys; fc.* ignored)
using System.Diagnostics;
using Detect.Checkpoints;
using Detect.Models.Tests;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ParityCheck DIR NAME[=CONVERTED]...   (NAME.pth and NAME.golden.json in DIR)");
    return 2;
}
TorchSharp.torch.set_num_threads(Environment.ProcessorCount);
int failures = 0;
foreach (var arg in args.Skip(1))
{
    var parts = arg.Split('=', 2);
    var golden = GoldenFeatures.LoadFrom(args[0], parts[0]);
    var watch = Stopwatch.StartNew();
    double[] errors;
    if (parts.Length == 1)
    {
        errors = BackboneParity.MeasureTorchvision(golden);
    }
    else
    {
        var state = CheckpointLoader.Read(parts[1]).StateDict;
        foreach (var key in state.Keys.Where(k => k.StartsWith("fc.", StringComparison.Ordinal)).ToList()) state.Remove(key);
        errors = BackboneParity.Measure(golden, state);
    }
    bool ok = errors.All(e => e <= GoldenFeatures.Tolerance);
    failures += ok ? 0 : 1;
    Console.WriteLine($"{arg}: max relative error per level {string.Join(", ", errors.Select(e => e.ToString("0.00e+00")))}; " +
        $"worst {errors.Max():0.00e+00} {(ok ? "<=" : ">")} {GoldenFeatures.Tolerance:0e+00} ({watch.Elapsed.TotalSeconds:0.0} s)");
}
return failures == 0 ? 0 : 1;
