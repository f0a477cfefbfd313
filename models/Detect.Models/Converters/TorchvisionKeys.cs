namespace Detect.Models.Converters;

/// <summary>
/// Key rules for torchvision modules, as fragments that detector conversions compose with
/// <see cref="KeyMap.Include"/> (e.g. <c>backbone.body.</c> → <c>backbone.</c>, <c>backbone.fpn.</c> → <c>neck.</c>).
/// </summary>
public static class TorchvisionKeys
{
    /// <summary>
    /// torchvision ResNet / ResNeXt → MMDetection ResNet: the same names (<c>conv1</c>, <c>bn1</c>,
    /// <c>layerN.i.convK</c>, <c>layerN.i.downsample.0/1</c>); the classifier <c>fc</c> is dropped.
    /// </summary>
    public static KeyMap ResNet() => new KeyMap()
        .Keep(@"(conv1|bn1)\..+")
        .Keep(@"layer[1-4]\.\d+\.(conv[1-3]|bn[1-3]|downsample\.[01])\..+")
        .Drop(@"fc\..+");

    /// <summary>
    /// torchvision RegNet (X) → MMDetection RegNet: <c>stem.0/1</c> → <c>conv1</c>/<c>bn1</c>,
    /// <c>trunk_output.blockS.blockS-B</c> → <c>layerS.B</c>, <c>proj.0/1</c> → <c>downsample.0/1</c>,
    /// <c>f.a/b/c.0</c> → <c>conv1/2/3</c>, <c>f.a/b/c.1</c> → <c>bn1/2/3</c>; <c>fc</c> is dropped.
    /// </summary>
    public static KeyMap RegNet()
    {
        const string block = @"trunk_output\.block([1-4])\.block\1-(\d+)";
        return new KeyMap()
            .Rename(@"stem\.0\.(.+)", "conv1.$1")
            .Rename(@"stem\.1\.(.+)", "bn1.$1")
            .Rename(block + @"\.proj\.([01])\.(.+)", "layer$1.$2.downsample.$3.$4")
            .Rename(block + @"\.f\.a\.0\.(.+)", "layer$1.$2.conv1.$3")
            .Rename(block + @"\.f\.a\.1\.(.+)", "layer$1.$2.bn1.$3")
            .Rename(block + @"\.f\.b\.0\.(.+)", "layer$1.$2.conv2.$3")
            .Rename(block + @"\.f\.b\.1\.(.+)", "layer$1.$2.bn2.$3")
            .Rename(block + @"\.f\.c\.0\.(.+)", "layer$1.$2.conv3.$3")
            .Rename(block + @"\.f\.c\.1\.(.+)", "layer$1.$2.bn3.$3")
            .Drop(@"fc\..+");
    }

    /// <summary>
    /// torchvision <c>FeaturePyramidNetwork</c> → MMDetection FPN: <c>inner_blocks.i.0</c> → <c>lateral_convs.i.conv</c>,
    /// <c>layer_blocks.i.0</c> → <c>fpn_convs.i.conv</c>, their <c>.1</c> norms → <c>.bn</c>/<c>.gn</c>, and
    /// <c>extra_blocks.p6</c>/<c>p7</c> (LastLevelP6P7) → <c>fpn_convs.L.conv</c>/<c>fpn_convs.L+1.conv</c>.
    /// </summary>
    /// <param name="levels">Backbone levels the FPN takes (<c>fpn_convs</c> numbering of the extra convs starts there).</param>
    /// <param name="normName">The norm's name in Detect's ConvModule: <c>bn</c> or <c>gn</c>.</param>
    public static KeyMap Fpn(int levels, string normName = "bn") => new KeyMap()
        .Rename(@"inner_blocks\.(\d+)\.0\.(.+)", "lateral_convs.$1.conv.$2")
        .Rename(@"inner_blocks\.(\d+)\.1\.(.+)", $"lateral_convs.$1.{normName}.$2")
        .Rename(@"layer_blocks\.(\d+)\.0\.(.+)", "fpn_convs.$1.conv.$2")
        .Rename(@"layer_blocks\.(\d+)\.1\.(.+)", $"fpn_convs.$1.{normName}.$2")
        .Rename(@"extra_blocks\.p6\.(.+)", $"fpn_convs.{levels}.conv.$1")
        .Rename(@"extra_blocks\.p7\.(.+)", $"fpn_convs.{levels + 1}.conv.$1");
}
