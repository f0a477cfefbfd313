using Detect.Models.DenseHeads;
using Detect.Models.PostProcessing;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.DenseHeads;

/// <summary>
/// <see cref="DenseTestConfig.ClipAfterNms"/> (Detectron2's <c>detector_postprocess</c> after its RetinaNet's top-k): with a coder that
/// does not clip, boxes reach NMS unclipped, and only the kept ones are clipped to the original image, empty ones dropped.
/// </summary>
/// <remarks>
/// One 2×2 level of stride 16 on a 32×32 image shown at 64×64 (scale 0.5): four 16×16 anchors centred on (0, 0), (16, 0), (0, 16),
/// (16, 16). Anchor 0's dx = −2 moves its box to [−40, −8, −24, 8], wholly left of the image.
/// </remarks>
public sealed class ClipAfterNmsTests
{
    static ClipAfterNmsTests() => TorchRuntime.EnsureInitialized();

    static ImageMeta Meta => new(0, "x.png", (64, 64), (32, 32), (32, 32), (0.5, 0.5)) { BatchInputShape = (32, 32) };

    static InstanceData Run(bool clipBorder, DenseTestConfig cfg)
    {
        var head = new RetinaHead(1, 4, new AnchorGenerator(strides: [16], ratios: [1.0], scales: [1.0]), featChannels: 4, stackedConvs: 1,
            bboxCoder: new DeltaXYWHBBoxCoder(clipBorder: clipBorder));
        var cls = tensor(new float[] { 3, 2, 1, 0 }).view(1, 1, 2, 2);
        var reg = zeros(1, 4, 2, 2);
        reg[0, 0, 0, 0] = tensor(-2f);
        return head.PredictByFeat(new DenseHeadOutputs([cls], [reg]), [Meta], cfg, rescale: true)[0];
    }

    [Fact]
    public void KeptBoxesAreClippedToTheOriginalImageAndEmptyOnesDropped()
    {
        using var scope = NewDisposeScope();
        var result = Run(clipBorder: false, new DenseTestConfig(scoreThr: 0, nms: new NmsConfig(0.5), minBboxSize: -1, clipAfterNms: true));
        float[] expected = [16, 0, 48, 16, 0, 16, 16, 48, 16, 16, 48, 48]; // anchors 1, 2, 3 by score, ×2, clipped to 64×64
        Assert.Equal(expected, result.Bboxes.data<float>().ToArray());
        Assert.Equal([0L, 0L, 0L], result.Labels.data<long>().ToArray());
        Assert.Equal(new[] { 2f, 1f, 0f }.Select(x => 1 / (1 + MathF.Exp(-x))), result.Scores!.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void WithoutItTheUnclippedBoxesAreKeptAsDecoded()
    {
        using var scope = NewDisposeScope();
        var result = Run(clipBorder: false, new DenseTestConfig(scoreThr: 0, nms: new NmsConfig(0.5), minBboxSize: -1));
        Assert.Equal(4, result.Bboxes.shape[0]);
        Assert.Equal([-80f, -16f, -48f, 16f], result.Bboxes[0].data<float>().ToArray());
    }
}
