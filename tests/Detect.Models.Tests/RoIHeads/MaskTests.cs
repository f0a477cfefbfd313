using Detect.Models.RoIHeads;
using Detect.Platform;
using static TorchSharp.torch;
using CrossEntropyLoss = Detect.Models.Losses.CrossEntropyLoss;

namespace Detect.Models.Tests.RoIHeads;

public sealed class MaskTests
{
    public MaskTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void MaskTargetsCropTheAssignedGroundTruthToEachProposal()
    {
        using var scope = NewDisposeScope();
        // Ground truth 0: the left half of a 20×40 image is foreground; ground truth 1: nothing.
        var masks = zeros(2, 20, 40, dtype: ScalarType.Bool);
        masks[0, .., ..20] = tensor(true);
        var proposals = tensor(new float[] { 0, 0, 20, 20, 10, 0, 30, 20, 0, 0, 20, 20, -10, -5, 60, 25 }).view(4, 4);
        var targets = MaskTargets.Compute(proposals, tensor(new long[] { 0, 0, 1, 0 }), masks, maskSize: 4);

        Assert.Equal(new long[] { 4, 4, 4 }, targets.shape);
        Assert.Equal(16, targets[0].sum().item<float>());                                     // all inside the foreground
        Assert.Equal(new float[] { 1, 1, 0, 0 }, targets[1, 0].data<float>().ToArray());     // half foreground, half not
        Assert.Equal(0, targets[2].sum().item<float>());                                      // an empty ground truth
        // A proposal reaching beyond the image is clipped to it first ([0, 0, 40, 20]): the left two columns.
        Assert.Equal(new float[] { 1, 1, 0, 0 }, targets[3, 2].data<float>().ToArray());
    }

    [Fact]
    public void PastedMaskCoversThePixelsWhoseCentresLieInTheBox()
    {
        using var scope = NewDisposeScope();
        // A mask of all ones: grid_sample reads 1 inside the mask and fades to 0 outside, crossing 0.5 exactly at the box edge.
        var probs = ones(1, 28, 28);
        var box = tensor(new float[] { 2.3f, 3.7f, 10.2f, 8.9f }).view(1, 4);
        var pasted = MaskPasting.Paste(probs, box, 12, 16, threshold: 0.5);

        var expected = zeros(12, 16, dtype: ScalarType.Bool);
        expected[4..9, 2..10] = tensor(true);   // centres x + 0.5 in [2.3, 10.2], y + 0.5 in [3.7, 8.9]
        Assert.Equal(expected.data<bool>().ToArray(), pasted[0].data<bool>().ToArray());
    }

    [Fact]
    public void PastingSamplesTheMaskBilinearly()
    {
        using var scope = NewDisposeScope();
        // A 2×2 mask [[0, 1], [0, 1]] over the box [0, 0, 4, 2]: the right half is foreground, the middle column blends.
        var probs = tensor(new float[] { 0, 1, 0, 1 }).view(1, 2, 2);
        var box = tensor(new float[] { 0, 0, 4, 2 }).view(1, 4);
        var pasted = MaskPasting.Paste(probs, box, 2, 4, threshold: 0.5);
        // Pixel centres 0.5, 1.5, 2.5, 3.5 map to mask x = −0.25, 0.25, 0.75, 1.25: values 0, 0.25, 0.75, 1 (zeros beyond).
        Assert.Equal(new[] { false, false, true, true }, pasted[0, 0].data<bool>().ToArray());
    }

    [Fact]
    public void MaskCrossEntropyUsesEachRoIsOwnClassMap()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(3);
        var pred = randn(3, 4, 5, 5, generator: gen);
        var target = rand(3, 5, 5, generator: gen).gt(0.5).to(ScalarType.Float32);
        var labels = tensor(new long[] { 2, 0, 3 });
        var loss = new CrossEntropyLoss(useMask: true, lossWeight: 2).Forward(pred, target, labels);

        var own = stack([pred[0, 2], pred[1, 0], pred[2, 3]]);
        var expected = 2 * nn.functional.binary_cross_entropy_with_logits(own, target);
        Assert.Equal(new long[] { 1 }, loss.shape);
        Assert.Equal(expected.item<float>(), loss.item<float>(), 6);
        Assert.Throws<ArgumentException>(() => new CrossEntropyLoss(useSigmoid: true, useMask: true));
    }
}
