// The README's main job: generate the shapes dataset (once), train the FCOS declared in
// ShapesFcos.cs on it, evaluate COCO bbox mAP on the val split, and say where everything went.
// Arguments are the experiment's own (`--device cuda`, `--cfg-options train_cfg.max_epochs=2`, ...).
// Whatever fails ends in one message (FailureReport), never a stack trace on the console.
using System.Diagnostics;
using Detect.Config;
using Detect.Distributed;
using Detect.Platform;
using Quickstart;

string workDir = Path.GetFullPath("work_dirs/shapes_fcos");
return FailureReport.Run("Quickstart", () =>
{
    var clock = Stopwatch.StartNew();
    // Data parallel (mpiexec -n N ... --launcher mpi): rank 0 makes the data and reports; the others only train.
    if (DistributedContext.LaunchedRank > 0) return new ShapesFcos().Train(["--work-dir", workDir, .. args]).ExitCode;
    TorchRuntime.EnsureInitialized();
    string device = args.SkipWhile(a => a != "--device").Skip(1).FirstOrDefault() ?? "auto";
    Console.WriteLine(EnvironmentReport.Collect(device));

    string dataRoot = Path.GetFullPath("data/shapes");
    var (train, val) = ShapesData.Generate(dataRoot);
    Console.WriteLine($"data: {train.Count} train and {val.Count} val images in {dataRoot} " +
        $"({(train.Generated || val.Generated ? "generated" : "found from an earlier run")}, {clock.Elapsed.TotalSeconds:F0} s)");

    var result = new ShapesFcos().Train(["--work-dir", workDir, .. args]);
    if (!result.Succeeded) return result.ExitCode;

    var metrics = result.Metrics.Count > 0 ? result.Metrics : throw new InvalidOperationException("The run ended without a validation: no metrics to report.");
    string runDir = result.RunFolder!, runWorkDir = Path.GetDirectoryName(runDir)!; // a --work-dir in args wins
    Console.WriteLine();
    Console.WriteLine($"checkpoints:    {runWorkDir} (last: {result.LastCheckpoint}{(result.BestCheckpoint is { } best ? $", best: {best}" : "")})");
    Console.WriteLine($"training log:   {Path.Combine(runDir, Path.GetFileName(runDir) + ".log")} (scalars: {Path.Combine(runDir, "vis_data", "scalars.json")})");
    Console.WriteLine($"val pictures:   {Directory.GetDirectories(Path.Combine(runDir, "vis_data"), "epoch_*").OrderBy(Directory.GetLastWriteTimeUtc).LastOrDefault() ?? "(none)"}");
    Console.WriteLine($"wall time:      {clock.Elapsed.TotalMinutes:F1} min");
    foreach (var key in new[] { "coco/bbox_mAP_50", "coco/bbox_mAP_75" })
        Console.WriteLine($"{key}: {metrics[key]:F4}");
    Console.WriteLine($"coco/bbox_mAP: {metrics["coco/bbox_mAP"]:F4}");
    return 0;
}, workDir);
