using Detect.Config;
using Detect.Models.Zoo;

namespace ChannelMismatch;

/// <summary>
/// RetinaNet on a narrow ResNet-18 for a three-class "shapes" dataset. <c>Delete = true</c> replaces
/// the inherited ResNet-50 wholesale (MMEngine's <c>_delete_=True</c>); the FPN is merged field by
/// field, so its in_channels must follow the new backbone.
/// </summary>
[Experiment]
[ResNet(Depth = 18, Delete = true)]
#if !MISMATCH
[Fpn(InChannels = [64, 128, 256, 512])]
#endif
[RetinaHead(NumClasses = 3)]
[CocoDataset(DataRoot = "data/shapes/", Classes = ["circle", "square", "triangle"])]
[EpochBasedTrainLoop(MaxEpochs = 12)]
[Sgd(Lr = 0.01)]
public partial record ShapesRetinaNet : RetinaNetR50Fpn1xCoco;
