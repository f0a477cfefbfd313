using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Detect.Models.Tests.Layers;

public class ConvModuleTests
{
    readonly Generator gen = new(7);   // inputs drawn from a fixed seed

    public ConvModuleTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void KeysFollowMmcv()
    {
        using var plain = Seeded.Build(() => new ConvModule(3, 4, 3, padding: 1));
        Assert.Equal(["conv.bias", "conv.weight"], plain.state_dict().Keys.Order());

        using var bn = Seeded.Build(() => new ConvModule(3, 4, 3, normCfg: NormConfig.BN));
        Assert.Equal(["bn.bias", "bn.num_batches_tracked", "bn.running_mean", "bn.running_var", "bn.weight", "conv.weight"], bn.state_dict().Keys.Order());
        Assert.Equal("bn", bn.NormName);

        using var gn = Seeded.Build(() => new ConvModule(3, 4, 3, normCfg: NormConfig.GN(2), bias: true));
        Assert.Equal(["conv.bias", "conv.weight", "gn.bias", "gn.weight"], gn.state_dict().Keys.Order());
    }

    [Fact]
    public void ForwardIsConvThenNormThenActivation()
    {
        using var module = Seeded.Build(() => new ConvModule(2, 3, 3, stride: 2, padding: 1, normCfg: NormConfig.BN));
        using var scope = NewDisposeScope();
        var sd = module.state_dict();
        using (no_grad())
        {
            sd["bn.running_mean"].copy_(tensor(new float[] { 0.1f, -0.2f, 0.3f }));
            sd["bn.running_var"].copy_(tensor(new float[] { 0.5f, 2f, 1.5f }));
            sd["bn.weight"].copy_(tensor(new float[] { 1.5f, 0.5f, -1f }));
            sd["bn.bias"].copy_(tensor(new float[] { 0.2f, 0f, 0.1f }));
        }
        module.eval();
        var x = randn(2, 2, 7, 9, generator: gen);
        var expected = F.relu(F.batch_norm(F.conv2d(x, sd["conv.weight"], null, [2], [1]),
            sd["bn.running_mean"], sd["bn.running_var"], sd["bn.weight"], sd["bn.bias"], false, 0.1, 1e-5));
        var xCopy = x.clone();

        var y = module.call(x);

        Assert.True(y.allclose(expected, 1e-6, 1e-6));
        Assert.True(x.equal(xCopy).all().item<bool>()); // in-place activation never touches the input
        Assert.True(y.min().item<float>() >= 0);
    }

    [Fact]
    public void ActivationNoneAndLeakyRelu()
    {
        using var scope = NewDisposeScope();
        var x = randn(1, 2, 5, 5, generator: gen);
        using var none = Seeded.Build(() => new ConvModule(2, 2, 1, actCfg: ActConfig.None));
        var linear = F.conv2d(x, none.Conv.weight!, none.Conv.bias);
        Assert.True(none.call(x).allclose(linear));
        Assert.True(linear.min().item<float>() < 0);

        using var leaky = Seeded.Build(() => new ConvModule(2, 2, 1, actCfg: new ActConfig { Type = ActType.LeakyReLU, NegativeSlope = 0.1 }));
        var pre = F.conv2d(x, leaky.Conv.weight!, leaky.Conv.bias);
        Assert.True(leaky.call(x).allclose(where(pre > 0, pre, pre * 0.1)));
    }

    [Fact]
    public void InitializesLikeMmcv()
    {
        using var module = Seeded.Build(() => new ConvModule(64, 128, 3, normCfg: NormConfig.GN(32), bias: true));
        var sd = module.state_dict();
        Assert.Equal(0f, sd["conv.bias"].abs().max().item<float>());
        Assert.Equal(1f, sd["gn.weight"].min().item<float>());
        Assert.Equal(1f, sd["gn.weight"].max().item<float>());
        Assert.Equal(0f, sd["gn.bias"].abs().max().item<float>());
        // kaiming_init: normal, fan_out = 128 * 3 * 3, relu gain sqrt(2)
        double std = sd["conv.weight"].std().item<float>();
        Assert.InRange(std, Math.Sqrt(2.0 / (128 * 9)) * 0.97, Math.Sqrt(2.0 / (128 * 9)) * 1.03);
    }
}
