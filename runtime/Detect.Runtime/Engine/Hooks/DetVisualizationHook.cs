using Detect.Structures;
using Detect.Visualization;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>DetVisualizationHook</c>: draws predictions on their original images while
/// validating (the first image of every <c>interval</c>-th batch) and testing (every image), so a
/// run leaves pictures of what the model sees next to its log.
/// </summary>
/// <remarks>
/// Files go to <c>&lt;log dir&gt;/vis_data/epoch_&lt;E&gt;/&lt;image&gt;.jpg</c> for validation after
/// epoch (or iteration-based: iteration) E, and to <c>&lt;log dir&gt;/&lt;testOutDir&gt;/&lt;image&gt;.jpg</c>
/// when testing. MMDetection writes validation images through its visualizer backends as
/// <c>val_img_&lt;step&gt;.png</c>; a folder per validation keeps the image names, which is easier to browse.
/// </remarks>
/// <param name="interval"><c>interval</c>: draw every this many validation batches.</param>
/// <param name="scoreThr"><c>score_thr</c>: draw predictions scoring at least this.</param>
/// <param name="testOutDir"><c>test_out_dir</c>: folder (under the log dir) for test images.</param>
/// <param name="draw"><c>draw</c>: draw at all; MMDetection's default is no (every config lists the hook, few turn it on).</param>
public sealed class DetVisualizationHook(int interval = 50, double scoreThr = 0.3, string testOutDir = "vis_data/test", bool draw = false)
    : Hook(HookPriorities.Normal)
{
    /// <summary>Whether the hook draws at all.</summary>
    public bool Draw { get; } = draw;

    /// <inheritdoc />
    public override bool MainRankOnly => true;

    /// <summary>Draw every this many validation batches.</summary>
    public int Interval { get; } = interval >= 1 ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "interval must be at least 1.");

    /// <summary>Predictions scoring below this are not drawn.</summary>
    public double ScoreThr { get; } = scoreThr;

    /// <summary>The folder, under the run's log dir, for test images.</summary>
    public string TestOutDir { get; } = testOutDir;

    /// <summary>Where the last validation's images went (null before the first).</summary>
    public string? LastValDir { get; private set; }

    /// <inheritdoc />
    public override void AfterValIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs)
    {
        if (!Draw || batchIdx % Interval != 0 || outputs.Count == 0) return;
        int step = runner.TrainLoop is IterBasedTrainLoop ? runner.Iter : runner.Epoch;
        LastValDir = Path.Combine(runner.LogDir, "vis_data", $"epoch_{step}");
        Save(runner, outputs[0], LastValDir);
    }

    /// <inheritdoc />
    public override void AfterTestIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyList<DetDataSample> outputs)
    {
        if (!Draw) return;
        foreach (var sample in outputs) Save(runner, sample, Path.Combine(runner.LogDir, TestOutDir));
    }

    void Save(Runner runner, DetDataSample sample, string folder)
    {
        if (sample.PredInstances is not { } pred) return;
        using var scope = NewDisposeScope();
        var image = ImageFiles.ReadBgr(sample.Meta.ImgPath);
        string name = Path.GetFileNameWithoutExtension(sample.Meta.ImgPath) + ".jpg";
        DetVisualizer.DrawToFile(image, pred, runner.Options.Classes, ScoreThr, Path.Combine(folder, name));
    }
}
