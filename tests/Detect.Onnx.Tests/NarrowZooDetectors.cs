using Detect.Config;
using Detect.Models.Detectors;
using Detect.Models.Zoo;

namespace Detect.Onnx.Tests;

/// <summary>
/// Zoo experiments narrowed through <c>--cfg-options</c> to the model tests' small size (ResNet-18 at width 8, a 16-channel
/// FPN and heads, three classes, the data loaders dropped as the class list no longer fits), with <c>score_thr</c> 0 so that
/// every image keeps <c>max_per_img</c> detections: <c>cascade_rcnn</c> (<see cref="CascadeRcnnR50Fpn1xCoco"/>, three
/// class-agnostic stages with halving coder stds) and <c>cascade_mask_rcnn</c> (<see cref="CascadeMaskRcnnR50Fpn1xCoco"/>,
/// a mask head per stage); <c>cascade_rcnn_class_specific</c> is the first with a box per class in every stage.
/// </summary>
internal static class NarrowZooDetectors
{
    /// <summary>Whether <paramref name="name"/> is one of these.</summary>
    public static bool Has(string name) => name is "cascade_rcnn" or "cascade_rcnn_class_specific" or "cascade_mask_rcnn";

    /// <summary>The narrowed experiment <paramref name="name"/>.</summary>
    public static IExperiment Experiment(string name) => name switch
    {
        "cascade_rcnn" => new CascadeRcnnR50Fpn1xCoco().WithOptions(Cascade(3, masks: false)),
        // Box heads with a box per class: each stage refines its RoIs by the class it predicts (argmax without the background).
        "cascade_rcnn_class_specific" => new CascadeRcnnR50Fpn1xCoco().WithOptions([.. Cascade(3, masks: false),
            .. Enumerable.Range(0, 3).Select(i => $"model.roi_head.bbox_head.{i}.reg_class_agnostic=False")]),
        "cascade_mask_rcnn" => new CascadeMaskRcnnR50Fpn1xCoco().WithOptions(Cascade(3, masks: true)),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The detector of <see cref="Experiment"/> (not yet seeded: <see cref="ExportedDetectors.Build"/> seeds).</summary>
    public static Detector Build(string name) => (Detector)Experiment(name).BuildModel();

    static IEnumerable<string> Cascade(int stages, bool masks)
    {
        string[] common =
        [
            "model.backbone.depth=18", "model.backbone.base_channels=8", "model.backbone.init_cfg=None", "model.neck.in_channels=[8,16,32,64]",
            "model.neck.out_channels=16", "model.rpn_head.in_channels=16", "model.rpn_head.feat_channels=16",
            "model.roi_head.bbox_roi_extractor.out_channels=16", "model.test_cfg.rcnn.score_thr=0.0",
            "train_dataloader=None", "val_dataloader=None", "test_dataloader=None", "val_evaluator=None", "test_evaluator=None",
        ];
        foreach (var option in common) yield return option;
        for (int i = 0; i < stages; i++)
        {
            yield return $"model.roi_head.bbox_head.{i}.in_channels=16";
            yield return $"model.roi_head.bbox_head.{i}.fc_out_channels=32";
            yield return $"model.roi_head.bbox_head.{i}.num_classes=3";
            if (!masks) continue;
            yield return $"model.roi_head.mask_head.{i}.in_channels=16";
            yield return $"model.roi_head.mask_head.{i}.conv_out_channels=16";
            yield return $"model.roi_head.mask_head.{i}.num_classes=3";
        }
        if (masks) yield return "model.roi_head.mask_roi_extractor.out_channels=16";
    }
}
