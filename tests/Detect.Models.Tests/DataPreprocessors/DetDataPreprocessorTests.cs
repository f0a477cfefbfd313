using Detect.Models.DataPreprocessors;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.DataPreprocessors;

public sealed class DetDataPreprocessorTests
{
    public DetDataPreprocessorTests() => TorchRuntime.EnsureInitialized();

    static DetDataSample Sample(int h, int w, InstanceData? gt = null) =>
        new(new ImageMeta(0, $"img{h}x{w}.png", (h, w), (h, w), (h, w), (1, 1)), gt);

    [Fact]
    public void SwapsBgrToRgbAndNormalizesInFloat32()
    {
        using var scope = NewDisposeScope();
        // One 1×2 BGR image: pixel 0 = (B 10, G 20, R 30), pixel 1 = (B 200, G 100, R 0).
        var image = tensor(new byte[] { 10, 200, 20, 100, 30, 0 }).view(3, 1, 2);
        var pre = new DetDataPreprocessor(mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], bgrToRgb: true);
        var data = pre.Forward(new DetBatch([image], [Sample(1, 2)]), CPU, training: false);

        Assert.Equal(new long[] { 1, 3, 1, 2 }, data.Inputs.shape);
        float[] expected =
        [
            (30f - 123.675f) / 58.395f, (0f - 123.675f) / 58.395f,   // R
            (20f - 116.28f) / 57.12f, (100f - 116.28f) / 57.12f,     // G
            (10f - 103.53f) / 57.375f, (200f - 103.53f) / 57.375f,   // B
        ];
        Assert.Equal(expected, data.Inputs.data<float>().ToArray());
    }

    [Fact]
    public void NormalizesInTheFloatTypeAsked()
    {
        using var scope = NewDisposeScope();
        // A float64 model (the gradient sweep's reference) gets float64 images, normalized in double precision.
        var image = tensor(new byte[] { 10, 200, 20, 100, 30, 0 }).view(3, 1, 2);
        var pre = new DetDataPreprocessor(mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], bgrToRgb: true);
        var data = pre.Forward(new DetBatch([image], [Sample(1, 2)]), CPU, training: false, ScalarType.Float64);

        Assert.Equal(ScalarType.Float64, data.Inputs.dtype);
        double[] expected =
        [
            (30 - 123.675) / 58.395, (0 - 123.675) / 58.395,
            (20 - 116.28) / 57.12, (100 - 116.28) / 57.12,
            (10 - 103.53) / 57.375, (200 - 103.53) / 57.375,
        ];
        Assert.Equal(expected, data.Inputs.data<double>().ToArray());
        Assert.Throws<ArgumentException>(() => pre.Forward(new DetBatch([image], [Sample(1, 2)]), CPU, training: false, ScalarType.Int32));
    }

    [Fact]
    public void PadsOddSizesBottomRightToTheDivisorAndRecordsShapes()
    {
        using var scope = NewDisposeScope();
        var a = full(3, 5, 7, (byte)1, dtype: ScalarType.Byte);
        var b = full(3, 9, 4, (byte)2, dtype: ScalarType.Byte);
        var boxes = tensor(new float[] { 0.5f, 1, 6.5f, 4.75f }).view(1, 4);
        var gt = new InstanceData(boxes, tensor(new long[] { 3 }));
        var pre = new DetDataPreprocessor(padSizeDivisor: 4, padValue: -7);
        var data = pre.Forward(new DetBatch([a, b], [Sample(5, 7, gt), Sample(9, 4)]), CPU, training: true);

        Assert.Equal(new long[] { 2, 3, 12, 8 }, data.Inputs.shape);
        Assert.Equal((8, 8), data.Samples[0].Meta.PadShape);
        Assert.Equal((12, 4), data.Samples[1].Meta.PadShape);
        Assert.All(data.Samples, s => Assert.Equal((12, 8), s.Meta.BatchInputShape));
        Assert.Equal((5, 7), data.Samples[0].Meta.ImgShape);
        // Content top-left, pad value elsewhere.
        Assert.Equal(3 * 5 * 7, data.Inputs[0].eq(1).sum().item<long>());
        Assert.Equal(3 * 5 * 7, data.Inputs[0, .., ..5, ..7].eq(1).sum().item<long>());
        Assert.Equal(3 * (12 * 8 - 5 * 7), data.Inputs[0].eq(-7).sum().item<long>());
        Assert.Equal(3 * 9 * 4, data.Inputs[1, .., ..9, ..4].eq(2).sum().item<long>());
        Assert.Equal(3 * (12 * 8 - 9 * 4), data.Inputs[1].eq(-7).sum().item<long>());
        // Boxes are unaffected by right/bottom padding.
        Assert.Equal(boxes.data<float>().ToArray(), data.Samples[0].GtInstances!.Bboxes.data<float>().ToArray());
    }

    [Fact]
    public void PadsGroundTruthMasksToTheBatchWhenTraining()
    {
        using var scope = NewDisposeScope();
        var masks = ones(1, 5, 7, dtype: ScalarType.Bool);
        var gt = new InstanceData(tensor(new float[] { 0, 0, 7, 5 }).view(1, 4), tensor(new long[] { 0 }), masks: masks);
        var batch = new DetBatch([zeros(3, 5, 7, dtype: ScalarType.Byte), zeros(3, 9, 4, dtype: ScalarType.Byte)], [Sample(5, 7, gt), Sample(9, 4)]);
        var pre = new DetDataPreprocessor(padSizeDivisor: 4, padMask: true);

        var training = pre.Forward(batch, CPU, training: true).Samples[0].GtInstances!.Masks!;
        Assert.Equal(new long[] { 1, 12, 8 }, training.shape);
        Assert.Equal(35, training.sum().item<long>());
        Assert.Equal(new long[] { 1, 5, 7 }, pre.Forward(batch, CPU, training: false).Samples[0].GtInstances!.Masks!.shape);
    }

    [Fact]
    public void TorchvisionTransformResizesTheShorterSideTo800AndRecordsTheScale()
    {
        using var scope = NewDisposeScope();
        var pre = new TorchvisionDataPreprocessor();
        Assert.Equal((800, 1066), pre.ResizedShape(150, 200));
        Assert.Equal((800, 1067), pre.ResizedShape(800, 1067));
        Assert.Equal((750, 1333), pre.ResizedShape(600, 1066));   // the longer side bounds the scale

        var image = full(3, 150, 200, (byte)51, dtype: ScalarType.Byte);
        var gt = new InstanceData(tensor(new float[] { 10, 20, 30, 40 }).view(1, 4), tensor(new long[] { 1 }));
        var data = pre.Forward(new DetBatch([image], [Sample(150, 200, gt)]), CPU, training: true);
        var meta = data.Samples[0].Meta;
        Assert.Equal((800, 1066), meta.ImgShape);
        Assert.Equal((800, 1088), meta.PadShape);
        Assert.Equal(1066 / 200.0, meta.ScaleFactor.W, 12);
        Assert.Equal(800 / 150.0, meta.ScaleFactor.H, 12);
        // x / 255, then ImageNet's mean and std (RGB); a constant image stays constant through the resize.
        Assert.Equal((51f / 255f - 0.485f) / 0.229f, data.Inputs[0, 0, 400, 500].item<float>(), 6);
        Assert.Equal(0f, data.Inputs[0, 0, 799, 1070].item<float>());
        var scaled = data.Samples[0].GtInstances!.Bboxes.data<float>().ToArray();
        Assert.Equal(new[] { 10 * (1066f / 200f), 20 * (800f / 150f), 30 * (1066f / 200f), 40 * (800f / 150f) }, scaled);
    }
}
