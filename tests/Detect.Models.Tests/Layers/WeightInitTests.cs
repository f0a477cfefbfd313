using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Layers;

public class WeightInitTests
{
    public WeightInitTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void BiasInitWithProbIsTheLogitOfThePrior()
    {
        // RetinaNet: bias_init_with_prob(0.01) = -log(99) = -4.59511985013459
        Assert.Equal(-4.59511985013459, WeightInit.BiasInitWithProb(0.01), 12);
        Assert.Equal(0.0, WeightInit.BiasInitWithProb(0.5), 12);
    }

    [Fact]
    public void ConstantAndNormalSetWeightAndBias()
    {
        using var linear = nn.Linear(200, 300);
        WeightInit.ConstantInit(linear, 0.5, bias: -1);
        Assert.Equal(0.5f, linear.weight!.min().item<float>());
        Assert.Equal(-1f, linear.bias!.max().item<float>());

        WeightInit.NormalInit(linear, mean: 1, std: 0.01, bias: 2);
        Assert.InRange(linear.weight!.mean().item<float>(), 0.999, 1.001);
        Assert.InRange(linear.weight!.std().item<float>(), 0.0097, 0.0103);
        Assert.Equal(2f, linear.bias!.min().item<float>());
    }

    [Fact]
    public void XavierUniformAndCaffe2XavierStayWithinTheirBounds()
    {
        using var conv = nn.Conv2d(32, 64, 3);
        WeightInit.XavierInit(conv, distribution: Distribution.Uniform);
        double xavier = Math.Sqrt(6.0 / (32 * 9 + 64 * 9));
        Assert.InRange(conv.weight!.abs().max().item<float>(), xavier * 0.95, xavier);
        Assert.Equal(0f, conv.bias!.abs().max().item<float>());

        // XavierFill: kaiming_uniform(a=1, fan_in, leaky_relu) has gain 1, bound sqrt(3 / fan_in)
        WeightInit.Caffe2XavierInit(conv);
        double caffe2 = Math.Sqrt(3.0 / (32 * 9));
        Assert.InRange(conv.weight!.abs().max().item<float>(), caffe2 * 0.95, caffe2);
    }

    [Fact]
    public void InitializersReachBuffersOfFrozenBatchNorm()
    {
        using var frozen = new FrozenBatchNorm2d(4);
        WeightInit.ConstantInit(frozen, 0.25, bias: 3);
        Assert.Equal(0.25f, frozen.state_dict()["weight"].max().item<float>());
        Assert.Equal(3f, frozen.state_dict()["bias"].min().item<float>());
        Assert.Equal(1f, frozen.state_dict()["running_var"].min().item<float>()); // statistics untouched
    }
}
