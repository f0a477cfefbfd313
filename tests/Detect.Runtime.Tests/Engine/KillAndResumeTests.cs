using System.Diagnostics;
using System.Globalization;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Engine;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// Kills a real training process (SIGKILL) during training and in the middle of a checkpoint write,
/// then resumes it: no checkpoint is ever corrupt, <c>last_checkpoint</c> always names a complete one,
/// and the resumed run's losses are the uninterrupted run's.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class KillAndResumeTests(TinyData data)
{
    static readonly string ChildDll = typeof(Detect.Engine.TestKit.TinyDetector).Assembly.Location;

    sealed class Child : IDisposable
    {
        readonly Process process;

        public Child(string args)
        {
            var start = new ProcessStartInfo("dotnet", $"exec \"{ChildDll}\" {args}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            process = Process.Start(start)!;
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Errors) Errors.Add(e.Data); };
            process.BeginErrorReadLine();
        }

        public List<string> Errors { get; } = [];

        /// <summary>Reads stdout lines until <paramref name="stop"/> accepts one (or the process ends); returns the losses seen by iteration.</summary>
        public SortedDictionary<int, double> ReadUntil(Func<string, bool> stop, int timeoutMs = 120_000)
        {
            var losses = new SortedDictionary<int, double>();
            var clock = Stopwatch.StartNew();
            while (clock.ElapsedMilliseconds < timeoutMs)
            {
                var line = process.StandardOutput.ReadLine();
                if (line is null) break;
                var parts = line.Split(' ');
                if (parts is ["iter", var i, var l]) losses[int.Parse(i, CultureInfo.InvariantCulture)] = double.Parse(l, CultureInfo.InvariantCulture);
                if (stop(line)) return losses;
            }
            return losses;
        }

        public void Kill()
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Linux
            process.WaitForExit();
        }

        public int WaitForExit()
        {
            Assert.True(process.WaitForExit(120_000), "the training process did not finish");
            return process.ExitCode;
        }

        public void Dispose() => process.Dispose();
    }

    string Args(string work, bool resume = false, int blobMb = 0, int? holdAt = null) =>
        $"train --work-dir \"{work}\" --data-root \"{data.Train.Root}\" --epochs 3{(resume ? " --resume" : "")}" +
        (blobMb > 0 ? $" --blob-mb {blobMb}" : "") + (holdAt is { } at ? $" --hold-at {at}" : "");

    static long EpochOf(string checkpoint) => (long)((PickleDict)((PickleDict)CheckpointLoader.Read(checkpoint).Root!)["meta"]!)["epoch"]!;

    static string Pointer(string work) => File.ReadAllText(Path.Combine(work, CheckpointFiles.PointerName));

    [Fact]
    public void Killed_during_training_and_during_a_checkpoint_write_the_run_resumes_to_the_same_losses()
    {
        // The uninterrupted run, in a process of its own like the others.
        SortedDictionary<int, double> reference;
        using (var whole = new Child(Args(data.NewWorkDir())))
        {
            reference = whole.ReadUntil(line => line == "done");
            Assert.Equal(0, whole.WaitForExit());
        }
        Assert.Equal(12, reference.Count);

        string work = data.NewWorkDir();
        // 1. Killed in the middle of epoch 2: epoch 1's checkpoint is what is left.
        using (var first = new Child(Args(work, holdAt: 6)))
        {
            var seen = first.ReadUntil(line => line.StartsWith("iter 6 ", StringComparison.Ordinal));
            first.Kill();
            Assert.Equal(reference.Take(6), seen);
        }
        Assert.Equal(Path.Combine(work, "epoch_1.pth"), Pointer(work));
        Assert.Equal(1, EpochOf(Pointer(work)));
        Assert.False(File.Exists(Path.Combine(work, "epoch_2.pth")));

        // 2. Resumed, then killed while epoch 2's checkpoint (made large) is being written.
        bool killedMidWrite;
        using (var second = new Child(Args(work, resume: true, blobMb: 256)))
        {
            var clock = Stopwatch.StartNew();
            string[] temporaries = [];
            while (clock.ElapsedMilliseconds < 120_000 && (temporaries = Directory.GetFiles(work, ".epoch_2.pth.*.tmp")).Length == 0) Thread.Sleep(1);
            second.Kill();
            killedMidWrite = temporaries.Length > 0 && temporaries.All(File.Exists);
        }
        Assert.True(killedMidWrite, "the process was not caught writing epoch_2.pth");
        Assert.False(File.Exists(Path.Combine(work, "epoch_2.pth")));
        Assert.Equal(Path.Combine(work, "epoch_1.pth"), Pointer(work));
        Assert.Equal(1, EpochOf(Pointer(work)));

        // 3. Resumed again: it cleans up the unfinished write and ends exactly where the uninterrupted run did.
        using var third = new Child(Args(work, resume: true));
        var rest = third.ReadUntil(line => line == "done");
        Assert.Equal(0, third.WaitForExit());
        Assert.Equal(reference.Skip(4), rest);
        Assert.Empty(Directory.GetFiles(work, ".*.tmp"));
        Assert.Equal(3, EpochOf(Pointer(work)));
    }
}
