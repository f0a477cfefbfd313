namespace Detect.Models.Converters;

/// <summary>
/// The keyword arguments of torchvision's detection builders (torchvision's names, camelCased; defaults are torchvision's for
/// COCO training), as <c>--cfg-options</c> of the torchvision zoo records (<see cref="CfgOptions"/>).
/// </summary>
/// <param name="MinSize"><c>min_size</c> of the input transform.</param>
/// <param name="MaxSize"><c>max_size</c> of the input transform.</param>
/// <param name="TrainableBackboneLayers"><c>trainable_backbone_layers</c>: how many of layer4, layer3, layer2, layer1 and the stem
/// train (0–5); torchvision's default for a pretrained backbone is 3, for an untrained one 5.</param>
/// <param name="RpnPreNmsTopNTrain"><c>rpn_pre_nms_top_n_train</c>: proposals kept per level before NMS in training.</param>
/// <param name="RpnPostNmsTopNTrain"><c>rpn_post_nms_top_n_train</c>: proposals kept per image after NMS in training.</param>
/// <param name="RpnNmsThresh"><c>rpn_nms_thresh</c>: IoU above which the RPN's NMS suppresses a proposal.</param>
/// <param name="RpnBatchSizePerImage"><c>rpn_batch_size_per_image</c>: anchors sampled per image for the RPN's losses.</param>
/// <param name="RpnPositiveFraction"><c>rpn_positive_fraction</c>.</param>
/// <param name="BoxBatchSizePerImage"><c>box_batch_size_per_image</c>: proposals sampled per image for the box head's losses.</param>
/// <param name="BoxPositiveFraction"><c>box_positive_fraction</c>.</param>
public sealed record TorchvisionOptions(
    int MinSize = 800,
    int MaxSize = 1333,
    int TrainableBackboneLayers = 3,
    int RpnPreNmsTopNTrain = 2000,
    int RpnPostNmsTopNTrain = 2000,
    double RpnNmsThresh = 0.7,
    int RpnBatchSizePerImage = 256,
    double RpnPositiveFraction = 0.5,
    int BoxBatchSizePerImage = 512,
    double BoxPositiveFraction = 0.25)
{
    /// <summary>MMDetection's <c>frozen_stages</c> for <see cref="TrainableBackboneLayers"/>: 3 → 1 (stem and layer1), 5 → −1 (none).</summary>
    public int FrozenStages => TrainableBackboneLayers is >= 0 and <= 5
        ? 4 - TrainableBackboneLayers
        : throw new ArgumentOutOfRangeException(nameof(TrainableBackboneLayers), TrainableBackboneLayers, "trainable_backbone_layers must be in 0..5.");

    /// <summary>The keys of the torchvision zoo records these arguments set; <paramref name="twoStage"/>: with the RPN's and box head's.</summary>
    public IEnumerable<string> CfgOptions(bool twoStage)
    {
        var g = System.Globalization.CultureInfo.InvariantCulture;
        yield return $"model.data_preprocessor.min_size={MinSize}";
        yield return $"model.data_preprocessor.max_size={MaxSize}";
        yield return $"model.backbone.frozen_stages={FrozenStages}";
        if (!twoStage) yield break;
        yield return $"model.train_cfg.rpn_proposal.nms_pre={RpnPreNmsTopNTrain}";
        yield return $"model.train_cfg.rpn_proposal.max_per_img={RpnPostNmsTopNTrain}";
        yield return string.Create(g, $"model.train_cfg.rpn_proposal.nms.iou_threshold={RpnNmsThresh}");
        yield return $"model.train_cfg.rpn.sampler.num={RpnBatchSizePerImage}";
        yield return string.Create(g, $"model.train_cfg.rpn.sampler.pos_fraction={RpnPositiveFraction}");
        yield return $"model.train_cfg.rcnn.sampler.num={BoxBatchSizePerImage}";
        yield return string.Create(g, $"model.train_cfg.rcnn.sampler.pos_fraction={BoxPositiveFraction}");
    }
}
