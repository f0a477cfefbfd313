using Detect.Data;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Data;

public class ImageNormalizationTests
{
    static readonly double[] Mean = [123.675, 116.28, 103.53];
    static readonly double[] Std = [58.395, 57.12, 57.375];

    [Fact]
    public void MatchesMmdetectionsFormulaBitForBit()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var images = new[] { (5L, 9L), (7L, 4L) }.Select(s => randint(0, 256, [3, s.Item1, s.Item2], generator: generator, dtype: ScalarType.Byte)).ToList();

        var managed = ImageNormalization.NormalizeAndStack(images, Mean, Std, bgrToRgb: true, padSizeDivisor: 4, padValue: -1);
        var tensorOps = ImageNormalization.Run(images, Mean, Std, true, 4, -1, preferTensorOps: true);

        // ImgDataPreprocessor: x[[2, 1, 0]].float(), (x - mean) / std with float32 mean/std, then stack_batch.
        var mean = tensor(Mean.Select(v => (float)v).ToArray(), [3, 1, 1]);
        var std = tensor(Std.Select(v => (float)v).ToArray(), [3, 1, 1]);
        var normalized = images.Select(x => (x.flip(0).to(ScalarType.Float32) - mean) / std).ToList();
        var expected = BatchPadding.StackBatch(normalized, 4, -1);
        Assert.Equal([2L, 3, 8, 12], managed.shape);
        Assert.Equal(expected.flatten().data<float>().ToArray(), managed.flatten().data<float>().ToArray());
        Assert.Equal(expected.flatten().data<float>().ToArray(), tensorOps.flatten().data<float>().ToArray());
    }

    [Fact]
    public void KeepsChannelOrderWithoutBgrToRgb()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var image = tensor(new byte[] { 10, 20, 30 }, [3, 1, 1]);

        var batch = ImageNormalization.NormalizeAndStack([image], [0, 0, 0], [1, 2, 5], bgrToRgb: false);

        Assert.Equal([10f, 10f, 6f], batch.flatten().data<float>().ToArray());
    }
}
