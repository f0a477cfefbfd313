using System.Globalization;

namespace Detect.Distributed.Tests;

/// <summary>Two real ranks under mpiexec on this machine: collectives, equivalence with one process, and failures.</summary>
public class MpiRunTests
{
    // A guard against a hang, not a speed target: on 2 cores shared with the other test assemblies a 2-rank run
    // that takes 11 s alone took over a minute.
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [SkippableMpiFact]
    public void CollectivesAddBroadcastAndGather()
    {
        var run = Mpiexec.Run(2, Limit, "probe");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("rank 0: sum 3,30 broadcast 5,7 gathered 0,0|1,1", run.Output);
        Assert.Contains("rank 1: sum 3,30 broadcast 5,7", run.Output);
    }

    [SkippableMpiTheory]
    [InlineData("gn")]
    [InlineData("syncbn")]
    public void TwoRanksOfTwoEqualOneRankOfFour(string norm)
    {
        using var dir = new TempDir();
        string one = Path.Combine(dir.Path, "one.txt"), two = Path.Combine(dir.Path, "two.txt"), start = Path.Combine(dir.Path, "start.txt");
        var alone = Mpiexec.Alone(Limit, "train", "4", "5", one, norm);
        Assert.True(alone.ExitCode == 0, alone.Output);
        var pair = Mpiexec.Run(2, Limit, "train", "2", "5", two, norm);
        Assert.True(pair.ExitCode == 0, pair.Output);
        Assert.True(Mpiexec.Alone(Limit, "train", "4", "0", start, norm).ExitCode == 0);

        // Weights, and for SyncBN its running mean and variance: the whole batch's statistics on both ranks.
        double[] a = Read(one), b = Read(two), s = Read(start);
        Assert.Equal(a.Length, b.Length);
        Assert.All(b, v => Assert.True(double.IsFinite(v)));
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) <= 1e-5, $"{norm}: 2 ranks × 2 differ from 1 rank × 4 by {a.Zip(b).Max(p => Math.Abs(p.First - p.Second))}, more than 1e-5");
        Assert.True(a.Zip(s).Max(p => Math.Abs(p.First - p.Second)) > 1e-2, "training did not move the weights"); // the comparison means something
    }

    [SkippableMpiFact]
    public void RankThatThrowsEndsEveryRankNamingIt()
    {
        var run = Mpiexec.Run(2, Limit, "fail", "1");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("rank 1 of 2 failed: InvalidOperationException: failing on purpose", run.Output);
        Assert.DoesNotContain("passed the second barrier", run.Output);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), $"took {run.Elapsed}");
    }

    [SkippableMpiFact]
    public void KilledRankEndsTheOthers()
    {
        var run = Mpiexec.Run(2, Limit, "die", "1");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("BAD TERMINATION", run.Output); // MPICH's hydra names the dead process and kills the rest
        Assert.DoesNotContain("passed the second barrier", run.Output);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), $"took {run.Elapsed}");
    }

    [SkippableMpiFact]
    public void RunnerTrainsAndTestsOnTwoRanks()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "data"), work = Path.Combine(dir.Path, "work");
        var train = Mpiexec.Run(2, Limit, "coco-train", data, work);
        Assert.True(train.ExitCode == 0, train.Output);
        Assert.Single(Directory.GetDirectories(work)); // one log folder: rank 0's
        Assert.True(File.Exists(Path.Combine(work, "epoch_12.pth")), train.Output);
        Assert.Equal(12, train.Output.Split('\n').Count(l => l.StartsWith("Saving checkpoint", StringComparison.Ordinal))); // rank 0 only

        // 7 val images on 2 ranks (one padded): rank 0's metrics equal one process's.
        var one = Mpiexec.Alone(Limit, "coco-test", data, Path.Combine(dir.Path, "t1"), Path.Combine(work, "epoch_12.pth"));
        var two = Mpiexec.Run(2, Limit, "coco-test", data, Path.Combine(dir.Path, "t2"), Path.Combine(work, "epoch_12.pth"));
        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one.Output + two.Output);
        Assert.NotEmpty(Metrics(one.Output));
        Assert.Equal(Metrics(one.Output), Metrics(two.Output));
    }

    [SkippableMpiFact]
    public void KilledRankStopsTheRunAndResumeReproducesTheLossCurve()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "data"), whole = Path.Combine(dir.Path, "whole"), broken = Path.Combine(dir.Path, "broken");
        // 16 images, 2 ranks × batch 4: 2 iterations an epoch, 4 epochs, a checkpoint after every epoch.
        var reference = Mpiexec.Run(2, Limit, "coco-curve", data, whole, "4");
        Assert.True(reference.ExitCode == 0, reference.Output);
        var curve = Losses(reference.Output);
        Assert.Equal(Enumerable.Range(1, 8), curve.Keys);

        // Rank 1 dies (SIGKILL) after iteration 5, in epoch 3: every rank ends, quickly; epoch_2.pth is the last complete checkpoint.
        var killed = Mpiexec.Run(2, Limit, "coco-curve", data, broken, "4", "--die-at", "1", "5");
        Assert.NotEqual(0, killed.ExitCode);
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(60), $"the ranks took {killed.Elapsed} to end");
        Assert.DoesNotContain("rank 0 done", killed.Output);
        Assert.Contains("BAD TERMINATION", killed.Output);

        // --resume continues from epoch 2 on both ranks and gives the uninterrupted run's losses, exactly.
        var resumed = Mpiexec.Run(2, Limit, "coco-curve", data, broken, "4", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        var after = Losses(resumed.Output);
        Assert.Equal(Enumerable.Range(5, 4), after.Keys);
        Assert.Equal(curve.Where(c => c.Key >= 5), after);
        Assert.Equal(curve.Where(c => c.Key <= 4), Losses(killed.Output).Where(c => c.Key <= 4));
    }

    // Rank 0's "rank 0 iter N LOSS" lines.
    static SortedDictionary<int, double> Losses(string output) => new(output.Split('\n')
        .Select(l => l.Trim().Split(' ')).Where(p => p is ["rank", "0", "iter", _, _])
        .ToDictionary(p => int.Parse(p[3], CultureInfo.InvariantCulture), p => double.Parse(p[4], CultureInfo.InvariantCulture)));

    [SkippableMpiFact]
    public void TwoRanksEvaluateLikeOneProcess()
    {
        // 7 val images on 2 ranks (one padded), boxes and masks that score strictly between 0 and 1: rank 0's bbox and segm
        // metrics must equal one process's, to the last digit (collect_results puts every rank's results back in dataset order).
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "data");
        var one = Mpiexec.Alone(Limit, "coco-echo", data, Path.Combine(dir.Path, "t1"));
        var two = Mpiexec.Run(2, Limit, "coco-echo", data, Path.Combine(dir.Path, "t2"));
        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one.Output + two.Output);
        var single = Metrics(one.Output);
        Assert.Equal(single, Metrics(two.Output));
        foreach (var name in new[] { "bbox", "segm" })
        {
            double map = double.Parse(single.Single(l => l.StartsWith($"rank 0 coco/{name}_mAP ", StringComparison.Ordinal)).Split(' ')[^1], CultureInfo.InvariantCulture);
            Assert.InRange(map, 0.05, 0.95); // a metric that could differ: neither nothing found nor everything
        }
    }

    static string[] Metrics(string output) => [.. output.Split('\n').Where(l => l.StartsWith("rank ", StringComparison.Ordinal) && l.Contains("coco/"))];

    static double[] Read(string path) => [.. File.ReadAllLines(path).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];

    sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("detect-mpi-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>A fact that skips, saying why, only when MPICH's mpiexec is missing.</summary>
public sealed class SkippableMpiFactAttribute : FactAttribute
{
    public SkippableMpiFactAttribute() => Skip = Mpiexec.SkipReason;
}

/// <summary>A theory that needs mpiexec, skipped as <see cref="SkippableMpiFactAttribute"/> is.</summary>
public sealed class SkippableMpiTheoryAttribute : TheoryAttribute
{
    public SkippableMpiTheoryAttribute() => Skip = Mpiexec.SkipReason;
}
