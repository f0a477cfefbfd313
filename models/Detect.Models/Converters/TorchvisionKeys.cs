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
    /// <remarks>Checkpoints saved before torchvision 0.13 (its published COCO weights) name the convs
    /// <c>inner_blocks.i.weight</c>; torchvision renames them on loading, and so does this map.</remarks>
    public static KeyMap Fpn(int levels, string normName = "bn") => new KeyMap()
        .Rename(@"inner_blocks\.(\d+)\.(weight|bias)", "lateral_convs.$1.conv.$2")
        .Rename(@"layer_blocks\.(\d+)\.(weight|bias)", "fpn_convs.$1.conv.$2")
        .Rename(@"inner_blocks\.(\d+)\.0\.(.+)", "lateral_convs.$1.conv.$2")
        .Rename(@"inner_blocks\.(\d+)\.1\.(.+)", $"lateral_convs.$1.{normName}.$2")
        .Rename(@"layer_blocks\.(\d+)\.0\.(.+)", "fpn_convs.$1.conv.$2")
        .Rename(@"layer_blocks\.(\d+)\.1\.(.+)", $"fpn_convs.$1.{normName}.$2")
        .Rename(@"extra_blocks\.p6\.(.+)", $"fpn_convs.{levels}.conv.$1")
        .Rename(@"extra_blocks\.p7\.(.+)", $"fpn_convs.{levels + 1}.conv.$1");

    /// <summary>torchvision <c>RPNHead</c> → MMDetection RPNHead: <c>conv.0.0</c> (or pre-0.13 <c>conv</c>) → <c>rpn_conv</c>,
    /// <c>cls_logits</c> → <c>rpn_cls</c>, <c>bbox_pred</c> → <c>rpn_reg</c>.</summary>
    public static KeyMap RpnHead() => new KeyMap()
        .Rename(@"conv(?:\.0\.0)?\.(weight|bias)", "rpn_conv.$1")
        .Rename(@"cls_logits\.(.+)", "rpn_cls.$1")
        .Rename(@"bbox_pred\.(.+)", "rpn_reg.$1");

    /// <summary>
    /// torchvision <c>RoIHeads</c> → MMDetection StandardRoIHead: <c>box_head.fc6/fc7</c> → <c>bbox_head.shared_fcs.0/1</c>,
    /// <c>box_predictor.cls_score</c> → <c>bbox_head.fc_cls</c> (background moved last), <c>box_predictor.bbox_pred</c> →
    /// <c>bbox_head.fc_reg</c> (background's four rows dropped); the mask branch's <c>mask_head.i.0</c> (or pre-0.13
    /// <c>mask_fcn{i+1}</c>) → <c>mask_head.convs.i.conv</c>, <c>mask_predictor.conv5_mask</c> → <c>mask_head.upsample</c>,
    /// <c>mask_fcn_logits</c> → <c>mask_head.conv_logits</c> (background dropped).
    /// </summary>
    /// <param name="classes">torchvision's <c>num_classes</c> (background included).</param>
    public static KeyMap RoIHeads(int classes) => new KeyMap()
        .Rename(@"box_head\.fc6\.(.+)", "bbox_head.shared_fcs.0.$1")
        .Rename(@"box_head\.fc7\.(.+)", "bbox_head.shared_fcs.1.$1")
        .Transform(@"box_predictor\.cls_score\.(.+)", "bbox_head.fc_cls.$1", t => ClassChannels.BackgroundLast(t, classes))
        .Transform(@"box_predictor\.bbox_pred\.(.+)", "bbox_head.fc_reg.$1", t => ClassChannels.DropBackground(t, classes, per: 4))
        .Rename(@"mask_head\.(\d+)\.0\.(.+)", "mask_head.convs.$1.conv.$2")
        .Rename(@"mask_head\.mask_fcn(\d+)\.(.+)", m => $"mask_head.convs.{int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1}.conv.{m.Groups[2].Value}")
        .Rename(@"mask_predictor\.conv5_mask\.(.+)", "mask_head.upsample.$1")
        .Transform(@"mask_predictor\.mask_fcn_logits\.(.+)", "mask_head.conv_logits.$1", t => ClassChannels.DropBackground(t, classes));

    /// <summary>
    /// torchvision <c>RetinaNetHead</c> → MMDetection RetinaHead: <c>classification_head.conv.i.0</c> (pre-0.13 <c>conv.2i</c>) →
    /// <c>cls_convs.i.conv</c>, <c>cls_logits</c> → <c>retina_cls</c> (background class dropped from every anchor), and the
    /// regression head's → <c>reg_convs.i.conv</c>, <c>bbox_reg</c> → <c>retina_reg</c>.
    /// </summary>
    /// <param name="classes">torchvision's <c>num_classes</c> (its unused class 0 included).</param>
    public static KeyMap RetinaNetHead(int classes) => new KeyMap()
        .Rename(@"classification_head\.conv\.(\d+)\.0\.(.+)", "cls_convs.$1.conv.$2")
        .Rename(@"regression_head\.conv\.(\d+)\.0\.(.+)", "reg_convs.$1.conv.$2")
        .Rename(@"classification_head\.conv\.(\d+)\.(weight|bias)", m => $"cls_convs.{Half(m)}.conv.{m.Groups[2].Value}")
        .Rename(@"regression_head\.conv\.(\d+)\.(weight|bias)", m => $"reg_convs.{Half(m)}.conv.{m.Groups[2].Value}")
        .Transform(@"classification_head\.cls_logits\.(.+)", "retina_cls.$1", t => ClassChannels.DropBackground(t, classes))
        .Rename(@"regression_head\.bbox_reg\.(.+)", "retina_reg.$1");

    /// <summary>
    /// torchvision <c>FCOSHead</c> → MMDetection FCOSHead: the towers' <c>conv.3k</c> / <c>conv.3k+1</c> (conv, GroupNorm) →
    /// <c>cls_convs.k.conv</c> / <c>cls_convs.k.gn</c> (and <c>reg_convs</c>), <c>cls_logits</c> → <c>conv_cls</c> (background
    /// dropped), <c>bbox_reg</c> → <c>conv_reg</c>, <c>bbox_ctrness</c> → <c>conv_centerness</c>.
    /// </summary>
    /// <param name="classes">torchvision's <c>num_classes</c> (its unused class 0 included).</param>
    public static KeyMap FcosHead(int classes) => new KeyMap()
        .Rename(@"classification_head\.conv\.(\d+)\.(.+)", m => $"cls_convs.{Tower(m)}.{m.Groups[2].Value}")
        .Rename(@"regression_head\.conv\.(\d+)\.(.+)", m => $"reg_convs.{Tower(m)}.{m.Groups[2].Value}")
        .Transform(@"classification_head\.cls_logits\.(.+)", "conv_cls.$1", t => ClassChannels.DropBackground(t, classes))
        .Rename(@"regression_head\.bbox_reg\.(.+)", "conv_reg.$1")
        .Rename(@"regression_head\.bbox_ctrness\.(.+)", "conv_centerness.$1");

    /// <summary>
    /// torchvision <c>ssd300_vgg16</c> → MMDetection SSD (SSDVGG, SSDNeck, SSDHead): <c>backbone.features.i</c> (VGG up to conv4_3) keep
    /// their names; <c>backbone.extra.0</c> (pool4, conv5_1–3, then pool5/conv6/conv7 as <c>.7</c>) → <c>backbone.features.23 + j</c>,
    /// <c>.7.1</c> → <c>features.31</c> (conv6), <c>.7.3</c> → <c>features.33</c> (conv7); <c>backbone.scale_weight</c> →
    /// <c>neck.l2_norm.weight</c>; <c>backbone.extra.k.0/2</c> (k ≥ 1) → <c>neck.extra_layers.k−1.0/1.conv</c>; the heads'
    /// <c>module_list.l</c> → <c>bbox_head.cls_convs.l.0</c> (background moved last in every anchor) and <c>bbox_head.reg_convs.l.0</c>.
    /// </summary>
    /// <param name="classes">torchvision's <c>num_classes</c> (background included).</param>
    public static KeyMap Ssd300Vgg16(int classes) => new KeyMap()
        .Keep(@"backbone\.features\.\d+\.(weight|bias)")
        .Rename(@"backbone\.scale_weight", "neck.l2_norm.weight")
        .Rename(@"backbone\.extra\.0\.([135])\.(weight|bias)", m => $"backbone.features.{23 + Index(m)}.{m.Groups[2].Value}")
        .Rename(@"backbone\.extra\.0\.7\.1\.(weight|bias)", "backbone.features.31.$1")
        .Rename(@"backbone\.extra\.0\.7\.3\.(weight|bias)", "backbone.features.33.$1")
        .Rename(@"backbone\.extra\.(\d+)\.([02])\.(weight|bias)",
            m => $"neck.extra_layers.{Index(m) - 1}.{(m.Groups[2].Value == "0" ? 0 : 1)}.conv.{m.Groups[3].Value}")
        .Transform(@"head\.classification_head\.module_list\.(\d+)\.(weight|bias)", "bbox_head.cls_convs.$1.0.$2",
            t => ClassChannels.BackgroundLast(t, classes))
        .Rename(@"head\.regression_head\.module_list\.(\d+)\.(weight|bias)", "bbox_head.reg_convs.$1.0.$2");

    static int Index(System.Text.RegularExpressions.Match m) => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    // Pre-0.13 RetinaNet towers: Sequential(conv, ReLU, conv, ReLU, ...), so conv i is entry 2i.
    static int Half(System.Text.RegularExpressions.Match m) => Index(m) % 2 == 0
        ? Index(m) / 2
        : throw new ArgumentException($"conv.{Index(m)} is a ReLU position in torchvision's RetinaNet tower");

    // FCOS towers: Sequential(conv, GroupNorm, ReLU) × 4, so entry 3k is conv k and 3k + 1 its norm.
    static string Tower(System.Text.RegularExpressions.Match m) => (Index(m) % 3) switch
    {
        0 => $"{Index(m) / 3}.conv",
        1 => $"{Index(m) / 3}.gn",
        _ => throw new ArgumentException($"conv.{Index(m)} is a ReLU position in torchvision's FCOS tower"),
    };
}
