using Detect.Engine;
using TorchSharp;
using static Detect.Runtime.Tests.Engine.EngineGolden;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

public sealed class EmaTests
{
    static nn.Module Model() => nn.Sequential(("0", nn.Linear(3, 2)), ("1", nn.BatchNorm1d(2)));

    static void SetState(nn.Module model, System.Text.Json.JsonElement values)
    {
        using var noGrad = no_grad();
        var state = model.state_dict();
        foreach (var p in values.EnumerateObject()) state[p.Name].copy_(tensor(Floats(p.Value)).reshape(state[p.Name].shape));
    }

    [Theory]
    [InlineData("exp_momentum")]
    [InlineData("exp_momentum_buffers_interval")]
    [InlineData("exponential")]
    public void Averages_match_the_references(string name)
    {
        var golden = Case("ema", name);
        using var model = Model();
        SetState(model, golden.GetProperty("initial"));
        using AveragedModel ema = name switch
        {
            "exp_momentum" => new ExpMomentumEma(model, momentum: 0.0002, gamma: 3),
            "exp_momentum_buffers_interval" => new ExpMomentumEma(model, momentum: 0.01, gamma: 2, interval: 2, updateBuffers: true),
            _ => new ExponentialMovingAverage(model, momentum: 0.1),
        };
        // With buffers, the integer num_batches_tracked is kept too (copied once, never averaged, as MMEngine).
        Assert.Equal(ema.UpdateBuffers ? 7 : 4, ema.Averaged.Count);
        foreach (var update in golden.GetProperty("updates").EnumerateArray())
        {
            SetState(model, update.GetProperty("model"));
            ema.UpdateParameters(model);
            foreach (var (key, averaged) in ema.Averaged.Where(p => p.Value.is_floating_point()))
            {
                double diff = MaxDiff(averaged, Floats(update.GetProperty("ema").GetProperty(key)));
                Assert.True(diff < 1e-6, $"{name} step {ema.Steps} {key}: {diff}");
            }
        }
    }

    [Fact]
    public void Swap_exchanges_weights_and_swapping_twice_restores_them()
    {
        using var model = Model();
        using var ema = new ExponentialMovingAverage(model, momentum: 0.5);
        ema.UpdateParameters(model);
        var original = model.state_dict()["0.weight"].detach().clone();
        using (no_grad()) foreach (var p in model.parameters()) p.add_(1);
        ema.UpdateParameters(model);
        var averaged = ema.Averaged["0.weight"].clone();
        ema.Swap(model);
        Assert.True(model.state_dict()["0.weight"].allclose(averaged));
        Assert.True(averaged.allclose(original + 0.5));
        ema.Swap(model);
        Assert.True(model.state_dict()["0.weight"].allclose(original + 1));
    }
}
