using Detect.Config;
using Detect.Models.Converters;
using Detect.Models.Detectors;
using Detect.Models.Zoo;

namespace Detect.Onnx.Tests;

/// <summary>
/// Zoo experiments narrowed through <c>--cfg-options</c> to the model tests' small size (16-channel FPN and heads, three
/// classes, the data loaders dropped as the class list no longer fits), with a score threshold of 0 so that every image keeps
/// <c>max_per_img</c> detections: <c>cascade_rcnn</c> (<see cref="CascadeRcnnR50Fpn1xCoco"/>, three class-agnostic stages
/// with halving coder stds), <c>cascade_rcnn_class_specific</c> (the same with a box per class in every stage),
/// <c>cascade_mask_rcnn</c> (<see cref="CascadeMaskRcnnR50Fpn1xCoco"/>, a mask head per stage) and <c>atss</c>
/// (<see cref="AtssR50Fpn1xCoco"/>, two GN(32) tower convs at 32 channels) on ResNet-18 at width 8; <c>d2_retinanet</c>,
/// <c>d2_faster_rcnn</c>, <c>d2_mask_rcnn</c> (the <c>Detectron2*R50Fpn3x</c> records) on their caffe-style ResNet-50 at
/// width 4 with Detectron2's BGR, unit-std input, so its bottlenecks' stride in the 1×1 conv and frozen BN are what is
/// exported; <c>v1_retinanet</c> and <c>v1_faster_rcnn</c> (the MMDetection V1 records <see cref="RetinaNetR50Fpn1xCocoV1"/>,
/// <see cref="FasterRcnnR50Fpn1xCocoV1"/>: "+1" legacy anchors and box coder) on ResNet-18 at width 8, likewise
/// <c>v1_mask_rcnn</c>, <c>v1_cascade_rcnn</c>, <c>v1_cascade_mask_rcnn</c>, and <c>v1_retinanet_caffe</c> on the caffe-style ResNet-50 at width 4; <c>ssd300</c>
/// (<see cref="TorchvisionSsd300Vgg16"/> at VGG width 4, three classes); <c>ssd300_coco</c> and <c>v1_ssd300</c>
/// (<see cref="Ssd300Coco"/>, <see cref="Ssd300CocoV1"/>) at the same widths.
/// </summary>
internal static class NarrowZooDetectors
{
    /// <summary>Whether <paramref name="name"/> is one of these.</summary>
    public static bool Has(string name) => name is "cascade_rcnn" or "cascade_rcnn_class_specific" or "cascade_mask_rcnn" or "atss"
        or "d2_retinanet" or "d2_faster_rcnn" or "d2_mask_rcnn" or "v1_retinanet" or "v1_faster_rcnn" or "ssd300"
        or "v1_retinanet_caffe" or "v1_mask_rcnn" or "v1_cascade_rcnn" or "v1_cascade_mask_rcnn" or "ssd300_coco" or "v1_ssd300";

    /// <summary>The narrowed experiment <paramref name="name"/>.</summary>
    public static IExperiment Experiment(string name) => name switch
    {
        "cascade_rcnn" => new CascadeRcnnR50Fpn1xCoco().WithOptions([.. ResNet18, .. TwoStage(Cascade(masks: false))]),
        // Box heads with a box per class: each stage refines its RoIs by the class it predicts (argmax without the background).
        "cascade_rcnn_class_specific" => new CascadeRcnnR50Fpn1xCoco().WithOptions([.. ResNet18, .. TwoStage(Cascade(masks: false)),
            .. Stages.Select(i => $"model.roi_head.bbox_head.{i}.reg_class_agnostic=False")]),
        "cascade_mask_rcnn" => new CascadeMaskRcnnR50Fpn1xCoco().WithOptions([.. ResNet18, .. TwoStage(Cascade(masks: true))]),
        // The head's GN keeps its 32 groups (a default, not a config key --cfg-options can reach): 32 channels.
        "atss" => new AtssR50Fpn1xCoco().WithOptions([.. ResNet18, "model.neck.out_channels=32", .. NoData, "model.bbox_head.in_channels=32",
            "model.bbox_head.feat_channels=32", "model.bbox_head.num_classes=3", "model.bbox_head.stacked_convs=2", "model.test_cfg.score_thr=0.0"]),
        "d2_retinanet" => new Detectron2RetinaNetR50Fpn3x().WithOptions([.. CaffeResNet50, .. OneStage, "model.bbox_head.stacked_convs=2"]),
        "d2_faster_rcnn" => new Detectron2FasterRcnnR50Fpn3x().WithOptions([.. CaffeResNet50, .. TwoStage(Standard(masks: false))]),
        "d2_mask_rcnn" => new Detectron2MaskRcnnR50Fpn3x().WithOptions([.. CaffeResNet50, .. TwoStage(Standard(masks: true))]),
        "v1_retinanet" => new RetinaNetR50Fpn1xCocoV1().WithOptions([.. ResNet18, .. OneStage, "model.bbox_head.stacked_convs=2"]),
        "v1_faster_rcnn" => new FasterRcnnR50Fpn1xCocoV1().WithOptions([.. ResNet18, .. TwoStage(Standard(masks: false))]),
        "v1_retinanet_caffe" => new RetinaNetR50CaffeFpn1xCocoV1().WithOptions([.. CaffeResNet50, .. OneStage, "model.bbox_head.stacked_convs=2"]),
        "v1_mask_rcnn" => new MaskRcnnR50Fpn1xCocoV1().WithOptions([.. ResNet18, .. TwoStage(Standard(masks: true))]),
        "v1_cascade_rcnn" => new CascadeRcnnR50Fpn1xCocoV1().WithOptions([.. ResNet18, .. TwoStage(Cascade(masks: false))]),
        "v1_cascade_mask_rcnn" => new CascadeMaskRcnnR50Fpn1xCocoV1().WithOptions([.. ResNet18, .. TwoStage(Cascade(masks: true))]),
        // SSD300 at the CLI fixture's widths (VGG base width 4, conv6/conv7 32 channels), three classes; its input is resized to 300×300.
        "ssd300" => TorchvisionVariants.Ssd300(numClasses: 3, baseChannels: 4, fcChannels: 32),
        // MMDetection's SSD300 (DetDataPreprocessor, SSDAnchorGenerator) and its V1 row (LegacySSDAnchorGenerator,
        // LegacyDeltaXYWHBBoxCoder) at the same widths.
        "ssd300_coco" => new Ssd300Coco().WithOptions(NarrowSsd),
        "v1_ssd300" => new Ssd300CocoV1().WithOptions(NarrowSsd),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The detector of <see cref="Experiment"/> with <paramref name="cfgOptions"/> on top (not yet seeded: <see cref="ExportedDetectors.Build"/> seeds).</summary>
    public static Detector Build(string name, params string[] cfgOptions) => (Detector)Experiment(name).WithOptions(cfgOptions).BuildModel();

    static readonly int[] Stages = [0, 1, 2];

    static readonly string[] NoData = ["train_dataloader=None", "val_dataloader=None", "test_dataloader=None", "val_evaluator=None", "test_evaluator=None"];

    static readonly string[] NarrowSsd =
    [
        .. NoData, "model.backbone.base_channels=4", "model.backbone.fc_channels=32", "model.backbone.init_cfg=None", "model.neck.in_channels=[32,32]",
        "model.neck.out_channels=[32,32,32,16,16,16]", "model.bbox_head.in_channels=[32,32,32,16,16,16]", "model.bbox_head.num_classes=3",
        "model.test_cfg.score_thr=0.0",
    ];

    static readonly string[] ResNet18 =
        ["model.backbone.depth=18", "model.backbone.base_channels=8", "model.backbone.init_cfg=None", "model.neck.in_channels=[8,16,32,64]", "model.neck.out_channels=16"];

    static readonly string[] CaffeResNet50 =
        ["model.backbone.base_channels=4", "model.backbone.init_cfg=None", "model.neck.in_channels=[16,32,64,128]", "model.neck.out_channels=16"];

    static readonly string[] OneStage =
        [.. NoData, "model.bbox_head.in_channels=16", "model.bbox_head.feat_channels=16", "model.bbox_head.num_classes=3", "model.test_cfg.score_thr=0.0"];

    static IEnumerable<string> TwoStage(IEnumerable<string> roiHead) =>
    [
        .. NoData, "model.rpn_head.in_channels=16", "model.rpn_head.feat_channels=16", "model.roi_head.bbox_roi_extractor.out_channels=16",
        "model.test_cfg.rcnn.score_thr=0.0", .. roiHead,
    ];

    static IEnumerable<string> Standard(bool masks) =>
    [
        "model.roi_head.bbox_head.in_channels=16", "model.roi_head.bbox_head.fc_out_channels=32", "model.roi_head.bbox_head.num_classes=3",
        .. masks ? MaskHead("model.roi_head.mask_head") : [],
        .. masks ? ["model.roi_head.mask_roi_extractor.out_channels=16"] : Array.Empty<string>(),
    ];

    static IEnumerable<string> Cascade(bool masks) =>
    [
        .. Stages.SelectMany(i => (string[])[$"model.roi_head.bbox_head.{i}.in_channels=16", $"model.roi_head.bbox_head.{i}.fc_out_channels=32",
            $"model.roi_head.bbox_head.{i}.num_classes=3"]),
        .. masks ? Stages.SelectMany(i => MaskHead($"model.roi_head.mask_head.{i}")) : [],
        .. masks ? ["model.roi_head.mask_roi_extractor.out_channels=16"] : Array.Empty<string>(),
    ];

    static string[] MaskHead(string key) => [$"{key}.in_channels=16", $"{key}.conv_out_channels=16", $"{key}.num_classes=3"];
}
