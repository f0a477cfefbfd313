using Detect.Checkpoints;
using Detect.Models.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Converters;

/// <summary>
/// <c>--from torchvision</c>: torchvision checkpoints (<c>torch.save(model.state_dict())</c>, or a reference
/// script's <c>{"model": ...}</c>) to Detect's names, per architecture.
/// </summary>
/// <remarks>
/// <para>Backbones: resnet18–152, resnext50_32x4d / resnext101_32x8d / resnext101_64x4d, and the regnet_x presets whose
/// expansion equals MMDetection's. <c>regnet_x_400mf</c> is left out on purpose: torchvision rounds its last stage to 400
/// channels (392/16 = 24.5 rounded up), MMDetection and pycls to 384 (half to even), so no MMDetection RegNet has its shapes.</para>
/// <para>Detectors: <c>fasterrcnn_resnet50_fpn</c>, <c>maskrcnn_resnet50_fpn</c>, <c>retinanet_resnet50_fpn</c>,
/// <c>fcos_resnet50_fpn</c>, <c>ssd300_vgg16</c>, checked against the zoo records (<see cref="TorchvisionVariants"/>: their class count and widths read from the weights). The background class moves last
/// (or is dropped where Detect has no background output), so Detect's label l is torchvision's l + 1. The class count is
/// read from the checkpoint; <c>numClasses</c>, when given, must agree with it.</para>
/// </remarks>
public sealed class TorchvisionConverter : ICheckpointConverter
{
    // Model builds the module to check the converted weights against, from the class count and the converted weights
    // (the detectors read their widths from them, so narrower models of the same structure convert too).
    sealed record Arch(Func<StateDict, int, KeyMap> Keys, Func<int, StateDict, nn.Module>? Model, Func<StateDict, int>? Classes = null,
        Action<StateDict>? Complete = null);

    readonly Dictionary<string, Arch> archs = new()
    {
        ["resnet18"] = ResNetArch(18),
        ["resnet34"] = ResNetArch(34),
        ["resnet50"] = ResNetArch(50),
        ["resnet101"] = ResNetArch(101),
        ["resnet152"] = ResNetArch(152),
        ["resnext50_32x4d"] = ResNeXtArch(50, 32, 4),
        ["resnext101_32x8d"] = ResNeXtArch(101, 32, 8),
        ["resnext101_64x4d"] = ResNeXtArch(101, 64, 4),
        ["regnet_x_800mf"] = RegNetArch(new(56, 35.73, 2.28, 16, 16)),
        ["regnet_x_1_6gf"] = RegNetArch(new(80, 34.01, 2.25, 24, 18)),
        ["regnet_x_3_2gf"] = RegNetArch(new(88, 26.31, 2.25, 48, 25)),
        ["regnet_x_8gf"] = RegNetArch(new(80, 49.56, 2.88, 120, 23)),
        ["regnet_x_16gf"] = RegNetArch(new(216, 55.59, 2.1, 128, 22)),
        ["regnet_x_32gf"] = RegNetArch(new(320, 69.86, 2.0, 168, 23)),
        ["fasterrcnn_resnet50_fpn"] = new(TwoStageKeys,
            (k, s) => TorchvisionVariants.FasterRcnn(k - 1, Width(s, "backbone.conv1.weight"), Width(s, "neck.lateral_convs.0.conv.weight"),
                Width(s, "roi_head.bbox_head.shared_fcs.0.weight")).BuildModel(), BoxClasses),
        ["maskrcnn_resnet50_fpn"] = new(TwoStageKeys,
            (k, s) => TorchvisionVariants.MaskRcnn(k - 1, Width(s, "backbone.conv1.weight"), Width(s, "neck.lateral_convs.0.conv.weight"),
                Width(s, "roi_head.bbox_head.shared_fcs.0.weight"), Width(s, "roi_head.mask_head.convs.0.conv.weight")).BuildModel(), BoxClasses),
        ["retinanet_resnet50_fpn"] = new(
            (_, k) => DetectorKeys(3).Include(TorchvisionKeys.RetinaNetHead(k), from: "head.", to: "bbox_head."),
            (k, s) => TorchvisionVariants.RetinaNet(k - 1, Width(s, "backbone.conv1.weight"), Width(s, "neck.lateral_convs.0.conv.weight")).BuildModel(),
            s => LogitClasses(s, anchors: 9)),
        ["fcos_resnet50_fpn"] = new(
            (_, k) => DetectorKeys(3).Include(TorchvisionKeys.FcosHead(k), from: "head.", to: "bbox_head."),
            (k, s) => TorchvisionVariants.Fcos(k - 1, Width(s, "backbone.conv1.weight"), Width(s, "neck.lateral_convs.0.conv.weight")).BuildModel(),
            s => LogitClasses(s, anchors: 1), AddUnitScales),
        ["ssd300_vgg16"] = new(
            (_, k) => TorchvisionKeys.Ssd300Vgg16(k),
            (k, s) => TorchvisionVariants.Ssd300(k - 1, Width(s, "backbone.features.0.weight"), Width(s, "backbone.features.31.weight")).BuildModel(),
            s => (int)(Required(s, "head.classification_head.module_list.0.weight").Shape[0] / 4)),
    };

    /// <inheritdoc/>
    public string Name => "torchvision";

    /// <inheritdoc/>
    public IReadOnlyList<string> Archs => [.. archs.Keys];

    /// <inheritdoc/>
    public ConversionResult Convert(Checkpoint source, string? arch, int? numClasses = null)
    {
        if (arch is null || !archs.TryGetValue(arch, out var a))
            throw new ArgumentException($"--from torchvision needs --arch, one of: {string.Join(", ", archs.Keys)}", nameof(arch));
        // torchvision's reference training scripts save {"model": state_dict, "optimizer": ..., "epoch": ...}.
        var state = source.Root is Checkpoints.Pickle.PickleDict root && root.ContainsKey("model") ? source.GetStateDict("model") : source.StateDict;
        int classes = a.Classes?.Invoke(state) ?? 0;
        if (numClasses is { } given && a.Classes is not null && given != classes)
            throw new ArgumentException($"--num-classes {given} does not match the checkpoint's {classes} classes (background included)", nameof(numClasses));
        var result = a.Keys(state, classes).Apply(state);
        a.Complete?.Invoke(result.StateDict);
        return new ConversionResult(result.StateDict, result.Dropped, a.Model is null ? null : () => a.Model(classes, result.StateDict));
    }

    static Arch ResNetArch(int depth) => new((_, _) => TorchvisionKeys.ResNet(), (_, _) => new ResNet(depth));

    static Arch ResNeXtArch(int depth, int groups, int baseWidth) => new((_, _) => TorchvisionKeys.ResNet(), (_, _) => new ResNeXt(depth, groups, baseWidth));

    static Arch RegNetArch(RegNetArch arch) => new((_, _) => TorchvisionKeys.RegNet(), (_, _) => new RegNet(arch));

    /// <summary>Output channels of a converted layer (how wide the model is).</summary>
    static int Width(StateDict converted, string key) => (int)Required(converted, key).Shape[0];

    // backbone.body → backbone, backbone.fpn → neck (the FPN's extra convs follow its lateral levels).
    static KeyMap DetectorKeys(int fpnLevels) => new KeyMap()
        .Include(TorchvisionKeys.ResNet(), from: "backbone.body.", to: "backbone.")
        .Include(TorchvisionKeys.Fpn(fpnLevels), from: "backbone.fpn.", to: "neck.");

    static KeyMap TwoStageKeys(StateDict state, int classes) => new KeyMap()
        .Include(TorchvisionKeys.ResNet(), from: "backbone.body.", to: "backbone.")
        .Include(TorchvisionKeys.Fpn(4), from: "backbone.fpn.", to: "neck.")
        .Include(TorchvisionKeys.RpnHead(), from: "rpn.head.", to: "rpn_head.")
        .Include(TorchvisionKeys.RoIHeads(classes), from: "roi_heads.", to: "roi_head.");

    static int BoxClasses(StateDict state) => (int)Required(state, "roi_heads.box_predictor.cls_score.weight").Shape[0];

    static int LogitClasses(StateDict state, int anchors) => (int)(Required(state, "head.classification_head.cls_logits.weight").Shape[0] / anchors);

    static StoredTensor Required(StateDict state, string key) =>
        state.TryGetValue(key, out var t) ? t : throw new KeyMapException(state.Source, $"'{key}' is missing: is it the right architecture?");

    // torchvision's FCOS has no per-level Scale: MMDetection's scales are 1.
    static void AddUnitScales(StateDict state)
    {
        using var one = tensor(1.0f);
        for (int i = 0; i < 5; i++) state[$"bbox_head.scales.{i}.scale"] = StoredTensor.FromTensor(one);
    }
}
