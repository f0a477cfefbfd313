using Detect.Config;
using Detect.Structures;
using Detect.Models.Zoo;

namespace Detect.Cli.Tests;

// Narrow variants of the torchvision zoo experiments, at the widths of the detector fixtures
// (tests/golden/models/make_detector_fixtures.py: base_channels 4, fpn_channels 32, representation_size 64, mask_channels 32;
// SSD300: VGG base_channels 4, fc_channels 32),
// written as a user would: a record deriving from the zoo one, overriding only the widths. The CLI finds them with
// --assembly (Cli.TestAssembly).

/// <summary><see cref="TorchvisionFasterRcnnR50Fpn"/> at the fixture's widths.</summary>
[Experiment]
[ResNet(BaseChannels = 4)]
[Fpn(InChannels = [16, 32, 64, 128], OutChannels = 32)]
[RpnHead(InChannels = 32, FeatChannels = 32)]
[SingleRoIExtractor(OutChannels = 32)]
[Shared2FcBBoxHead(InChannels = 32, FcOutChannels = 64)]
public partial record NarrowTorchvisionFasterRcnn : TorchvisionFasterRcnnR50Fpn;

/// <summary><see cref="TorchvisionMaskRcnnR50Fpn"/> at the fixture's widths.</summary>
[Experiment]
[ResNet(BaseChannels = 4)]
[Fpn(InChannels = [16, 32, 64, 128], OutChannels = 32)]
[RpnHead(InChannels = 32, FeatChannels = 32)]
[SingleRoIExtractor(OutChannels = 32)]
[Shared2FcBBoxHead(InChannels = 32, FcOutChannels = 64)]
[SingleRoIExtractor(At = "model.roi_head.mask_roi_extractor", OutChannels = 32)]
[FcnMaskHead(InChannels = 32, ConvOutChannels = 32)]
public partial record NarrowTorchvisionMaskRcnn : TorchvisionMaskRcnnR50Fpn;

/// <summary><see cref="TorchvisionRetinaNetR50Fpn"/> at the fixture's widths.</summary>
[Experiment]
[ResNet(BaseChannels = 4)]
[Fpn(InChannels = [16, 32, 64, 128], OutChannels = 32)]
[RetinaHead(InChannels = 32, FeatChannels = 32)]
public partial record NarrowTorchvisionRetinaNet : TorchvisionRetinaNetR50Fpn;

/// <summary><see cref="TorchvisionSsd300Vgg16"/> at the fixture's widths (VGG base width 4, conv6/conv7 32 channels).</summary>
[Experiment]
[SsdVgg(BaseChannels = 4, FcChannels = 32)]
[SsdNeck(InChannels = [32, 32], OutChannels = [32, 32, 32, 16, 16, 16])]
[SsdHead(InChannels = [32, 32, 32, 16, 16, 16])]
public partial record NarrowTorchvisionSsd300 : TorchvisionSsd300Vgg16;

/// <summary>An experiment whose model fails the way a bug would (FailureTests).</summary>
[Experiment]
public partial record BrokenForTests : TorchvisionRetinaNetR50Fpn
{
    /// <inheritdoc/>
    public override DetectionModel BuildModel() => new FailureTests.BrokenModel();
}
