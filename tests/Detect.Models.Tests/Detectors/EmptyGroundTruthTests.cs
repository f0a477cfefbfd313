using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// A training batch whose images hold no objects at all (background-only crops, a filter turned off) is ordinary:
/// every detector's losses are finite — the regression terms exactly 0, classification still learning the
/// background. (No backward pass here: on AVX-512 hosts libtorch 2.10's oneDNN writes past the input gradient of a
/// strided 1×1 convolution whose channels-last input has fewer than 16 channels, as these narrow models' downsample
/// layers get under the convolution-gradient guard, and the heap corruption kills the test host.)
/// </summary>
public sealed class EmptyGroundTruthTests
{
    public EmptyGroundTruthTests() => TorchRuntime.EnsureInitialized();

    public static TheoryData<string> Names => [.. SmallDetectors.Names];

    static DetBatch WithoutObjects(DetBatch batch) => new(batch.Inputs, [.. batch.Samples.Select(s =>
    {
        s.GtInstances?.Dispose();
        var (h, w) = s.Meta.ImgShape;
        return s with { GtInstances = new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), masks: zeros([0, h, w], dtype: ScalarType.Bool)) };
    })]);

    [Theory]
    [MemberData(nameof(Names))]
    public void Losses_of_a_batch_without_objects_are_finite(string name)
    {
        manual_seed(0);
        using var model = SmallDetectors.Build(name);
        model.train();
        using var batch = WithoutObjects(SmallDetectors.OddSizedBatch());
        using var scope = NewDisposeScope();
        var losses = model.Loss(batch);
        foreach (var (key, loss) in losses)
        {
            float value = loss.item<float>();
            Assert.True(float.IsFinite(value), $"{name}: {key} = {value}");
            if (key.Contains("bbox") || key.Contains("centerness") || key == "loss_mask") Assert.True(value == 0, $"{name}: {key} = {value} without objects");
        }
        Assert.True(losses[name.EndsWith("rcnn") ? "loss_rpn_cls" : "loss_cls"].item<float>() > 0);
    }
}
