using Detect.Ops;
using Detect.Platform;
using Detect.Testing;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Ops;

/// <summary>BoxIou against torchvision 0.14's box_iou / generalized_box_iou (tests/golden/ops/box_iou_golden.py).</summary>
public class BoxIouTests
{
    public BoxIouTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData(IouMode.Iou, "iou", 0.0)]
    [InlineData(IouMode.Iof, "iof", 0.0)]
    [InlineData(IouMode.GIou, "giou", 0.0)]
    [InlineData(IouMode.Iou, "iou", BoxIou.DefaultEps)]
    [InlineData(IouMode.GIou, "giou", BoxIou.DefaultEps)]
    public void PairwiseMatchesTorchvision(IouMode mode, string key, double eps)
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Ops", "box_iou.json");
        var boxes1 = GoldenFixture.Tensor(golden.Root.GetProperty("boxes1"));
        var boxes2 = GoldenFixture.Tensor(golden.Root.GetProperty("boxes2"));
        var expected = GoldenFixture.Tensor(golden.Root.GetProperty(key));

        var actual = BoxIou.Pairwise(boxes1, boxes2, mode, eps);

        // eps = 0 is torchvision's formula exactly; the default eps only bounds unions far below these boxes' areas.
        Assert.Equal(0.0, GoldenFixture.MaxAbsError(actual, expected));
        // The identical pair (last rows) overlaps completely.
        Assert.Equal(1.0, actual[-1, -1].item<double>());
    }

    [Theory]
    [InlineData(IouMode.Iou)]
    [InlineData(IouMode.Iof)]
    [InlineData(IouMode.GIou)]
    public void AlignedIsTheDiagonalOfPairwise(IouMode mode)
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Ops", "box_iou.json");
        var boxes1 = GoldenFixture.Tensor(golden.Root.GetProperty("boxes1"))[..5];
        var boxes2 = GoldenFixture.Tensor(golden.Root.GetProperty("boxes2"));
        Assert.Equal(0.0, GoldenFixture.MaxAbsError(BoxIou.Aligned(boxes1, boxes2, mode), BoxIou.Pairwise(boxes1, boxes2, mode).diagonal()));
    }

    [Fact]
    public void MmdetectionGiouValuesOfItsOwnUnitTest()
    {
        // mmdetection tests/test_models/test_task_modules/test_iou2d_calculator.py: aligned GIoU with eps 1e-7,
        // expected [0.5000, -0.0500, -0.8214] to four decimals.
        using var scope = NewDisposeScope();
        var boxes1 = tensor(new float[] { 0, 0, 10, 10, 10, 10, 20, 20, 32, 32, 38, 42 }).reshape(3, 4);
        var boxes2 = tensor(new float[] { 0, 0, 10, 20, 0, 10, 10, 19, 10, 10, 20, 20 }).reshape(3, 4);
        var gious = BoxIou.Aligned(boxes1, boxes2, IouMode.GIou, eps: 1e-7);
        Assert.Equal(new[] { 0.5, -0.05, -0.8214 }, gious.data<float>().ToArray().Select(v => Math.Round((double)v, 4)));
    }

    [Fact]
    public void ZeroAreaAndIdenticalBoxes()
    {
        using var scope = NewDisposeScope();
        var point = tensor(new double[] { 5, 5, 5, 5 }).reshape(1, 4);
        var box = tensor(new double[] { 0, 0, 10, 10 }).reshape(1, 4);
        // With MMDetection's eps a degenerate pair is 0; torchvision's plain division (eps = 0) gives 0/0.
        Assert.Equal(0.0, BoxIou.Pairwise(point, point).item<double>());
        Assert.True(double.IsNaN(BoxIou.Pairwise(point, point, eps: 0).item<double>()));
        Assert.Equal(0.0, BoxIou.Pairwise(point, box).item<double>());
        Assert.Equal(1.0, BoxIou.Pairwise(box, box).item<double>());
        Assert.Equal(1.0, BoxIou.Pairwise(box, box, IouMode.GIou).item<double>());
    }

    [Fact]
    public void EmptyInputsGiveEmptyOutputsOfTheRightShape()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 0, 3 }, BoxIou.Pairwise(zeros(0, 4), rand(3, 4), IouMode.GIou).shape);
        Assert.Equal(new long[] { 3, 0 }, BoxIou.Pairwise(rand(3, 4), zeros(0, 4)).shape);
        Assert.Equal(new long[] { 0 }, BoxIou.Aligned(zeros(0, 4), zeros(0, 4), IouMode.GIou).shape);
        Assert.Equal(new long[] { 2, 0, 5 }, BoxIou.Pairwise(zeros(2, 0, 4), rand(2, 5, 4)).shape);
    }

    [Fact]
    public void RejectsBoxesThatAreNotXyxy()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("boxes1", Assert.Throws<ArgumentException>(() => BoxIou.Pairwise(zeros(3, 5), zeros(3, 4))).Message);
        Assert.Contains("same number", Assert.Throws<ArgumentException>(() => BoxIou.Aligned(zeros(3, 4), zeros(2, 4))).Message);
    }
}
