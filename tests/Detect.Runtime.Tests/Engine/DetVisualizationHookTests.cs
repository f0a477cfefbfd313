using Detect.Engine;
using Detect.Engine.TestKit;
using SkiaSharp;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// The visualization hook as MMDetection's: the first image of every <c>interval</c>-th validation
/// batch, and every test image, drawn at its original size next to the run's log.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DetVisualizationHookTests(TinyData data)
{
    static (int Width, int Height) SizeOf(string path)
    {
        using var codec = SKCodec.Create(path);
        return (codec.Info.Width, codec.Info.Height);
    }

    [Fact]
    public void Validation_draws_every_interval_th_batch_and_testing_every_image()
    {
        var hook = new DetVisualizationHook(interval: 1, scoreThr: 0, draw: true);
        var options = TinySetup.Options(data.NewWorkDir(), data.Train, data.Val, epochs: 1, customHooks: [hook]);
        using var runner = new Runner(options with { TestDataloader = TinySetup.ValLoader(data.Val), TestEvaluator = options.ValEvaluator });
        runner.Train();

        // 8 val images in batches of 4: the first image of each batch.
        Assert.Equal(Path.Combine(runner.LogDir, "vis_data", "epoch_1"), hook.LastValDir);
        Assert.Equal(["000000.jpg", "000004.jpg"], Directory.GetFiles(hook.LastValDir!).Select(Path.GetFileName).Order());
        var original = Path.Combine(data.Val.ImageDir, "000004.jpg");
        Assert.Equal(SizeOf(original), SizeOf(Path.Combine(hook.LastValDir!, "000004.jpg")));

        runner.Test();
        var tested = Directory.GetFiles(Path.Combine(runner.LogDir, "vis_data", "test")).Select(Path.GetFileName).Order();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"{i:D6}.jpg"), tested);
    }

    [Fact]
    public void An_interval_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetVisualizationHook(interval: 0));
}
