using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Zoo;

namespace Detect.Models.Converters;

/// <summary>
/// The torchvision zoo experiments (<see cref="TorchvisionFasterRcnnR50Fpn"/>, <see cref="TorchvisionMaskRcnnR50Fpn"/>,
/// <see cref="TorchvisionRetinaNetR50Fpn"/>, <see cref="TorchvisionFcosR50Fpn"/>, <see cref="TorchvisionSsd300Vgg16"/>) at another class count or width, as
/// <c>--cfg-options</c> over the one definition: what <c>detect convert --from torchvision</c> checks a fine-tuned or narrower
/// checkpoint against, and what the parity fixtures (narrow models of the same structure) build.
/// </summary>
/// <remarks>
/// A class count other than torchvision's 90 (91 with the background) empties the data loaders: the COCO class list no longer
/// fits, and checking a model's structure needs no data.
/// </remarks>
public static class TorchvisionVariants
{
    /// <summary><c>fasterrcnn_resnet50_fpn</c>.</summary>
    /// <param name="numClasses">Classes without the background (torchvision's <c>num_classes</c> − 1).</param>
    /// <param name="baseChannels">ResNet-50's <c>base_channels</c> (64).</param>
    /// <param name="fpnChannels">FPN width (256).</param>
    /// <param name="representationSize">Box head FC width (1024).</param>
    public static IExperiment FasterRcnn(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256, int representationSize = 1024) =>
        new TorchvisionFasterRcnnR50Fpn().WithOptions(TwoStage(numClasses, baseChannels, fpnChannels, representationSize));

    /// <summary><c>maskrcnn_resnet50_fpn</c> (arguments as <see cref="FasterRcnn"/>; <paramref name="maskChannels"/>: mask head width, 256).</summary>
    public static IExperiment MaskRcnn(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256, int representationSize = 1024, int maskChannels = 256) =>
        new TorchvisionMaskRcnnR50Fpn().WithOptions([
            .. TwoStage(numClasses, baseChannels, fpnChannels, representationSize),
            $"model.roi_head.mask_roi_extractor.out_channels={fpnChannels}", $"model.roi_head.mask_head.in_channels={fpnChannels}",
            $"model.roi_head.mask_head.conv_out_channels={maskChannels}", $"model.roi_head.mask_head.num_classes={numClasses}"]);

    /// <summary><c>retinanet_resnet50_fpn</c> (arguments as <see cref="FasterRcnn"/>).</summary>
    public static IExperiment RetinaNet(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256) =>
        new TorchvisionRetinaNetR50Fpn().WithOptions(OneStage(numClasses, baseChannels, fpnChannels));

    /// <summary><c>fcos_resnet50_fpn</c> (arguments as <see cref="FasterRcnn"/>).</summary>
    public static IExperiment Fcos(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256) =>
        new TorchvisionFcosR50Fpn().WithOptions(OneStage(numClasses, baseChannels, fpnChannels));

    /// <summary>
    /// <c>ssd300_vgg16</c>: VGG-16's first width <paramref name="baseChannels"/> (64) and conv6/conv7's <paramref name="fcChannels"/>
    /// (1024); the neck's extra levels scale with the base width (512, 256, 256, 256 at 64), as the narrow fixtures build them.
    /// </summary>
    /// <param name="numClasses">Classes without the background (torchvision's <c>num_classes</c> − 1).</param>
    /// <param name="baseChannels">VGG's first stage width.</param>
    /// <param name="fcChannels">conv6 / conv7 width.</param>
    public static IExperiment Ssd300(int numClasses = 90, int baseChannels = 64, int fcChannels = 1024)
    {
        var options = new List<string>();
        if (baseChannels != 64 || fcChannels != 1024)
        {
            int c4 = 8 * baseChannels;
            string levels = $"[{c4}, {fcChannels}, {8 * baseChannels}, {4 * baseChannels}, {4 * baseChannels}, {4 * baseChannels}]";
            options.AddRange([$"model.backbone.base_channels={baseChannels}", $"model.backbone.fc_channels={fcChannels}",
                $"model.neck.in_channels=[{c4}, {fcChannels}]", $"model.neck.out_channels={levels}", $"model.bbox_head.in_channels={levels}"]);
        }
        if (numClasses != 90)
        {
            options.Add($"model.bbox_head.num_classes={numClasses}");
            foreach (var loader in new[] { "train_dataloader", "val_dataloader", "test_dataloader", "val_evaluator", "test_evaluator" })
                options.Add($"{loader}=None");
        }
        return new TorchvisionSsd300Vgg16().WithOptions(options);
    }

    static IEnumerable<string> Backbone(int numClasses, int baseChannels, int fpnChannels)
    {
        if (baseChannels != 64)
        {
            yield return $"model.backbone.base_channels={baseChannels}";
            yield return $"model.neck.in_channels=[{string.Join(", ", ResNet.OutputChannels(50, baseChannels, [0, 1, 2, 3]))}]";
        }
        if (fpnChannels != 256) yield return $"model.neck.out_channels={fpnChannels}";
        if (numClasses != 90)
            foreach (var loader in new[] { "train_dataloader", "val_dataloader", "test_dataloader", "val_evaluator", "test_evaluator" })
                yield return $"{loader}=None";
    }

    static IEnumerable<string> TwoStage(int numClasses, int baseChannels, int fpnChannels, int representationSize) =>
    [
        .. Backbone(numClasses, baseChannels, fpnChannels),
        $"model.rpn_head.in_channels={fpnChannels}", $"model.rpn_head.feat_channels={fpnChannels}",
        $"model.roi_head.bbox_roi_extractor.out_channels={fpnChannels}", $"model.roi_head.bbox_head.in_channels={fpnChannels}",
        $"model.roi_head.bbox_head.fc_out_channels={representationSize}", $"model.roi_head.bbox_head.num_classes={numClasses}",
    ];

    static IEnumerable<string> OneStage(int numClasses, int baseChannels, int fpnChannels) =>
    [
        .. Backbone(numClasses, baseChannels, fpnChannels),
        $"model.bbox_head.in_channels={fpnChannels}", $"model.bbox_head.feat_channels={fpnChannels}", $"model.bbox_head.num_classes={numClasses}",
    ];
}
