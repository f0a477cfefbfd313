using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.Necks;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.Zoo;
using Detect.Platform;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// The generated Build() methods against the real components: config values reach the constructors by
/// name, and what the components say they output equals what the compile-time shape rules computed.
/// </summary>
public sealed class ComponentBuildTests
{
    public ComponentBuildTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData(18)]
    [InlineData(50)]
    public void ResNet_outputs_are_the_ones_the_generator_checks(int depth)
    {
        var config = new ResNetConfig { Depth = depth, OutIndices = [1, 2, 3], FrozenStages = 1, NormCfg = new BatchNormConfig { RequiresGrad = false } };
        using var resnet = Assert.IsType<ResNet>(config.Build());
        var expansion = depth >= 50 ? 4 : 1;
        Assert.Equal([128 * expansion, 256 * expansion, 512 * expansion], resnet.OutputShapes.Select(s => s.Channels));
        Assert.Equal([8, 16, 32], resnet.OutputShapes.Select(s => s.Stride));
        Assert.Equal((1, false, NormType.BN), (resnet.FrozenStages, resnet.NormCfg.RequiresGrad, resnet.NormCfg.Type));
    }

    [Fact]
    public void RegNet_builds_from_a_named_arch()
    {
        using var regnet = Assert.IsType<RegNet>(new RegNetConfig { Arch = RegNetXArch.X800MF }.Build());
        Assert.Equal([64, 128, 288, 672], regnet.OutputShapes.Select(s => s.Channels));
        // The same design given by its parameters (MMDetection's arch=dict(...)).
        using var custom = Assert.IsType<RegNet>(new RegNetConfig { W0 = 56, Wa = 35.73, Wm = 2.28, GroupW = 16, Depth = 16 }.Build());
        Assert.Equal([64, 128, 288, 672], custom.OutputShapes.Select(s => s.Channels));
    }

    [Fact]
    public void The_zoo_FPN_builds_with_its_config()
    {
        var config = (FpnConfig)new TorchvisionRetinaNetR50Fpn().Config.Model!.Neck!;
        using var fpn = Assert.IsType<Fpn>(config.Build());
        Assert.Equal([256, 512, 1024, 2048], fpn.InChannels);
        Assert.Equal((1, 5, ExtraConvs.OnOutput, true), (fpn.StartLevel, fpn.NumOuts, fpn.AddExtraConvs, fpn.ReluBeforeExtraConvs));
        Assert.Equal([8, 16, 32, 64, 128], Fpn.OutputShapes([4, 8, 16, 32], 256, 5, startLevel: 1).Select(s => s.Stride));
    }

    [Fact]
    public void Norm_attributes_build_NormConfig_records()
    {
        Assert.Equal(NormConfig.FrozenBN, new FrozenBatchNormConfig().Build());
        Assert.Equal(NormConfig.GN(16), new GroupNormConfig { NumGroups = 16 }.Build());
    }

    [Fact]
    public void RetinaNet_task_modules_and_losses_build_from_the_zoo_config()
    {
        var model = (RetinaNetConfig)new RetinaNetR50Fpn1xCoco().Config.Model!;
        var head = (RetinaHeadConfig)model.BboxHead!;
        var anchors = Assert.IsType<AnchorGenerator>(head.AnchorGenerator!.Build());
        Assert.Equal([8, 16, 32, 64, 128], anchors.Strides.Select(s => s.W));
        Assert.Equal([9, 9, 9, 9, 9], anchors.NumBasePriors);
        Assert.Equal([4.0, 4 * Math.Pow(2, 1.0 / 3), 4 * Math.Pow(2, 2.0 / 3)], anchors.Scales);
        var coder = Assert.IsType<DeltaXYWHBBoxCoder>(head.BboxCoder!.Build());
        Assert.Equal([1.0, 1.0, 1.0, 1.0], coder.TargetStds);
        var focal = Assert.IsType<FocalLoss>(head.LossCls!.Build());
        Assert.Equal((2.0, 0.25, TorchSharp.torch.nn.Reduction.Mean), (focal.Gamma, focal.Alpha, focal.Reduction));
        var assigner = Assert.IsType<MaxIoUAssigner>(model.TrainCfg!.Assigner!.Build());
        Assert.Equal((0.5, new IouRange(0, 0.4), -1.0), (assigner.PosIouThr, assigner.NegIouThr, assigner.IgnoreIofThr));
    }

    [Fact]
    public void Torchvision_anchor_sizes_and_an_IoU_loss_mode_reach_the_components()
    {
        var head = (RetinaHeadConfig)((RetinaNetConfig)new TorchvisionRetinaNetR50Fpn().Config.Model!).BboxHead!;
        var anchors = Assert.IsType<TorchvisionAnchorGenerator>(head.AnchorGenerator!.Build());
        Assert.Equal([64.0, 80, 101], anchors.Sizes[1]);
        Assert.Equal([0.5, 1.0, 2.0], anchors.AspectRatios);
        var iou = Assert.IsType<IoULoss>(new IoULossConfig { Mode = IoULossMode.Square }.Build());
        Assert.Equal(IoULossMode.Square, iou.Mode);
    }
}
