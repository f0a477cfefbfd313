using Detect.Ops;
using Detect.Platform;
using Detect.Testing;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Ops;

/// <summary>
/// RoIAlign against torchvision 0.14's roi_align, forward and backward (fixtures from
/// tests/golden/ops/roi_align_golden.py): aligned and not, sampling ratios 0, 2, 3, sub-pixel,
/// inverted and out-of-image RoIs. Both the managed CPU kernel and the tensor-op path are checked.
/// </summary>
public class RoIAlignTests(ITestOutputHelper output)
{
    static RoIAlignTests() => TorchRuntime.EnsureInitialized();

    public static TheoryData<int, bool> Cases()
    {
        using var golden = GoldenFixture.Open("Ops", "roi_align.json");
        var data = new TheoryData<int, bool>();
        int count = golden.Root.GetProperty("cases").GetArrayLength();
        for (int i = 0; i < count; i++)
        foreach (bool tensorOps in new[] { false, true })
            data.Add(i, tensorOps);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTorchvisionForwardAndBackward(int index, bool tensorOps)
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Ops", "roi_align.json");
        var c = golden.Root.GetProperty("cases")[index];
        var dtype = c.GetProperty("dtype").GetString() == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        var size = c.GetProperty("output_size").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var args = new RoIAlignArgs(size[0], size[1], c.GetProperty("spatial_scale").GetDouble(),
                                    c.GetProperty("sampling_ratio").GetInt32(), c.GetProperty("aligned").GetBoolean());
        var features = GoldenFixture.Tensor(golden.Root.GetProperty("features")).to(dtype).requires_grad_();
        var rois = GoldenFixture.Tensor(golden.Root.GetProperty("rois")).to(dtype);
        var upstream = GoldenFixture.Tensor(golden.Root.GetProperty("upstream").GetProperty($"{size[0]}x{size[1]}")).to(dtype);

        var pooled = RoIAlign.Run(features, rois, args, tensorOps);
        (pooled * upstream).sum().backward();

        double forwardError = GoldenFixture.MaxAbsError(pooled, GoldenFixture.Tensor(c.GetProperty("output")));
        double backwardError = GoldenFixture.MaxAbsError(features.grad!, GoldenFixture.Tensor(c.GetProperty("grad_features")));
        output.WriteLine($"{args} {dtype} tensorOps={tensorOps}: forward {forwardError:E2}, backward {backwardError:E2}");
        // float64 carries the 1e-6 bar; float32 results are held to float32 rounding.
        double tolerance = dtype == ScalarType.Float64 ? 1e-6 : 1e-5;
        Assert.InRange(forwardError, 0, tolerance);
        Assert.InRange(backwardError, 0, tolerance);
        if (!tensorOps)
        {
            // The managed kernel repeats torchvision's arithmetic step by step: no rounding difference at all.
            Assert.Equal(0.0, forwardError);
            Assert.Equal(0.0, backwardError);
        }
    }

    [Fact]
    public void ManagedKernelAndTensorOpsAgreeOnManyRoIsOfMixedSizes()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var features = rand([2, 8, 40, 50], generator: g, dtype: ScalarType.Float64);
        var xy = rand(300, 2, generator: g, dtype: ScalarType.Float64) * 180 - 10;
        var wh = rand(300, 2, generator: g, dtype: ScalarType.Float64).pow(3) * 150;
        var rois = cat([randint(0, 2, [300, 1], generator: g).to(ScalarType.Float64), xy, xy + wh], 1);
        var upstream = rand([300, 8, 7, 7], generator: g, dtype: ScalarType.Float64);
        foreach (int sampling in new[] { 0, 2 })
        {
            var args = new RoIAlignArgs(7, 7, 0.25, sampling, Aligned: true);
            var (managed, managedGrad) = PoolWithGradient(features, rois, upstream, args, tensorOps: false);
            var (tensorOps, tensorOpsGrad) = PoolWithGradient(features, rois, upstream, args, tensorOps: true);
            Assert.InRange(GoldenFixture.MaxAbsError(tensorOps, managed), 0, 1e-12);
            Assert.InRange(GoldenFixture.MaxAbsError(tensorOpsGrad, managedGrad), 0, 1e-12);
        }
    }

    [Fact]
    public void NoRoIsGiveAnEmptyOutputAndAZeroGradient()
    {
        using var scope = NewDisposeScope();
        var features = rand(1, 4, 6, 6).requires_grad_();
        foreach (bool tensorOps in new[] { false, true })
        {
            var pooled = RoIAlign.Run(features, zeros(0, 5), new RoIAlignArgs(7, 7, 1.0, 0, true), tensorOps);
            Assert.Equal(new long[] { 0, 4, 7, 7 }, pooled.shape);
            pooled.sum().backward();
            Assert.Equal(0.0, features.grad!.abs().sum().item<float>());
            features.grad!.zero_();
        }
    }

    [Fact]
    public void WithoutGradientTheKernelRunsOutsideAutograd()
    {
        using var scope = NewDisposeScope();
        var features = rand(1, 2, 5, 5);
        var pooled = RoIAlign.Apply(features, tensor(new float[] { 0, 1, 1, 4, 4 }).reshape(1, 5), 2, 2, 1.0, 2, false);
        Assert.False(pooled.requires_grad);
        Assert.Equal(new long[] { 1, 2, 2, 2 }, pooled.shape);
    }

    [Fact]
    public void ABatchIndexOutsideTheBatchIsAnErrorNamingTheRow()
    {
        using var scope = NewDisposeScope();
        var rois = tensor(new float[] { 0, 1, 1, 4, 4, 2, 1, 1, 4, 4 }).reshape(2, 5);
        var error = Assert.Throws<ArgumentException>(() => RoIAlign.Apply(rand(2, 1, 5, 5), rois, 2, 2, 1.0, 0, true));
        Assert.Contains("row 1", error.Message);
    }

    [Fact]
    public void AnAbsurdRoIIsAnErrorRatherThanAnAllocation()
    {
        using var scope = NewDisposeScope();
        var rois = tensor(new float[] { 0, 0, 0, 4, 4, 0, 0, 0, 1e30f, 1e30f }).reshape(2, 5);
        foreach (bool tensorOps in new[] { false, true })
        {
            var error = Assert.Throws<ArgumentException>(() => RoIAlign.Run(rand(1, 1, 5, 5), rois, new RoIAlignArgs(7, 7, 1.0, 0, true), tensorOps));
            Assert.Contains("row 1", error.Message);
        }
    }

    static (Tensor Pooled, Tensor Grad) PoolWithGradient(Tensor features, Tensor rois, Tensor upstream, RoIAlignArgs args, bool tensorOps)
    {
        var leaf = features.detach().clone().requires_grad_();
        var pooled = RoIAlign.Run(leaf, rois, args, tensorOps);
        (pooled * upstream).sum().backward();
        return (pooled.detach(), leaf.grad!);
    }
}
