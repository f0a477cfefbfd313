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
        static string[] Metrics(string output) => [.. output.Split('\n').Where(l => l.StartsWith("rank ", StringComparison.Ordinal) && l.Contains("coco/"))];
        Assert.NotEmpty(Metrics(one.Output));
        Assert.Equal(Metrics(one.Output), Metrics(two.Output));
    }

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
