using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using BatchNorm2d = Detect.Models.Layers.BatchNorm2d;

namespace Detect.Models.Tests.Layers;

public class NormLayersTests
{
    readonly Generator gen = new(7);   // inputs drawn from a fixed seed

    public NormLayersTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void GroupNormStartsAsPyTorchsOnesAndZerosWhateverTheMemoryHeld()
    {
        // TorchSharp 0.107's own GroupNorm takes its affine parameters from uninitialised memory: poison it first.
        for (int i = 0; i < 8; i++) full(4096, float.NaN).Dispose();
        var (_, gn) = NormLayers.Build(NormConfig.GN(4), 16);
        var parameters = gn.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.True(parameters["weight"].eq(1).all().item<bool>());
        Assert.True(parameters["bias"].eq(0).all().item<bool>());
    }

    [Fact]
    public void NamesAndTypesFollowBuildNormLayer()
    {
        var (bnName, bn) = NormLayers.Build(NormConfig.BN, 8, "1");
        Assert.Equal("bn1", bnName);
        Assert.IsType<BatchNorm2d>(bn);
        var (syncName, sync) = NormLayers.Build(NormConfig.SyncBN, 8, "2");
        Assert.Equal("bn2", syncName);
        Assert.IsType<SyncBatchNorm2d>(sync);
        var (gnName, gn) = NormLayers.Build(NormConfig.GN(4), 8);
        Assert.Equal("gn", gnName);
        Assert.IsType<GroupNorm>(gn);
        var (frozenName, frozen) = NormLayers.Build(NormConfig.FrozenBN, 8, "3");
        Assert.Equal("bn3", frozenName);
        Assert.IsType<FrozenBatchNorm2d>(frozen);
    }

    [Fact]
    public void BatchNormMatchesTorchSharpsInTrainingAndEval()
    {
        // Same keys, same outputs, same running statistics and batch count as TorchSharp's own BatchNorm2d.
        using var scope = NewDisposeScope();
        var ours = new BatchNorm2d(3, 1e-5, 0.1);
        var theirs = nn.BatchNorm2d(3, 1e-5, 0.1);
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        foreach (var step in Enumerable.Range(0, 3))
        {
            var x = randn(2, 3, 4, 5, generator: gen) * (step + 1) + step;
            Assert.True(ours.call(x).allclose(theirs.call(x), rtol: 0, atol: 1e-6));
        }
        Assert.Equal(3L, ours.num_batches_tracked!.item<long>());
        Assert.True(ours.running_mean!.allclose(theirs.running_mean!, rtol: 0, atol: 1e-6));
        Assert.True(ours.running_var!.allclose(theirs.running_var!, rtol: 0, atol: 1e-6));
        ours.eval();
        theirs.eval();
        var y = randn(1, 3, 4, 5, generator: gen);
        Assert.True(ours.call(y).allclose(theirs.call(y), rtol: 0, atol: 1e-6));
        Assert.Equal(3L, ours.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void RequiresGradAndEpsComeFromTheConfig()
    {
        var (_, bn) = NormLayers.Build(new NormConfig { RequiresGrad = false, Eps = 1e-3, Momentum = 0.03 }, 4);
        Assert.All(bn.parameters(), p => Assert.False(p.requires_grad));
        var batchNorm = (BatchNorm2d)bn;
        Assert.Equal(1e-3, batchNorm.eps);
        Assert.Equal(0.03, batchNorm.momentum);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void GroupNormNeedsGroupsThatDivideTheChannels(int groups)
    {
        var e = Assert.Throws<ArgumentException>(() => NormLayers.Build(NormConfig.GN(groups), 8));
        Assert.Contains($"num_groups = {groups} must be positive and divide the 8 channels", e.Message);
    }

    [Fact]
    public void FrozenBatchNormEqualsBatchNormInEvalModeAndNeverChanges()
    {
        using var scope = NewDisposeScope();
        var mean = tensor(new float[] { 0.5f, -1f, 2f });
        var variance = tensor(new float[] { 0.25f, 4f, 1f });
        var weight = tensor(new float[] { 2f, 0.5f, -1f });
        var bias = tensor(new float[] { 0f, 1f, -0.5f });
        using var frozen = new FrozenBatchNorm2d(3);
        var sd = frozen.state_dict();
        using (no_grad())
        {
            sd["running_mean"].copy_(mean);
            sd["running_var"].copy_(variance);
            sd["weight"].copy_(weight);
            sd["bias"].copy_(bias);
        }
        var x = randn(2, 3, 4, 5, generator: gen);
        var expected = nn.functional.batch_norm(x, mean, variance, weight, bias, false, 0.1, 1e-5);

        frozen.train(); // training mode changes nothing
        Assert.True(frozen.call(x).allclose(expected, 1e-5, 1e-6));
        Assert.Empty(frozen.parameters());
        Assert.True(frozen.state_dict()["running_mean"].equal(mean).all().item<bool>());
        Assert.True(frozen.IgnoresCheckpointKey("num_batches_tracked"));
        Assert.False(frozen.IgnoresCheckpointKey("running_mean"));
    }
}
