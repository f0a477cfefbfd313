using Detect.Models.Layers;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection's <c>BaseRoIHead</c>: the second stage of a two-stage detector, which turns the RPN's proposals into
/// detections. <see cref="Detectors.TwoStageDetector"/> takes any RoI head through this contract: the one-stage
/// <see cref="StandardRoIHead"/> (Faster / Mask R-CNN) and multi-stage heads such as <see cref="CascadeRoIHead"/>.
/// </summary>
/// <remarks>
/// The detector's <c>train_cfg.rcnn</c> / <c>test_cfg.rcnn</c> reach the head through its constructor: the detector's
/// generated <c>Build()</c> sets them on the head's config before building it, as MMDetection's <c>TwoStageDetector</c>
/// does with <c>roi_head.update(train_cfg=..., test_cfg=...)</c>. A multi-stage head takes one <c>train_cfg</c> item per stage.
/// </remarks>
public abstract class RoIHead(string name) : DetectContainer(name)
{
    /// <summary>Number of refinement stages (1 for <see cref="StandardRoIHead"/>); <c>train_cfg.rcnn</c> has one item per stage.</summary>
    public abstract int NumStages { get; }

    /// <summary>Whether there is a mask branch.</summary>
    public abstract bool WithMask { get; }

    /// <summary><c>mask_roi_extractor</c> (the box extractor when shared), or null without a mask branch.</summary>
    public abstract SingleRoIExtractor? MaskRoiExtractor { get; }

    /// <summary>MMDetection's <c>loss</c>: the head's losses for the proposals of every image.</summary>
    /// <param name="x">Neck outputs.</param>
    /// <param name="rpnResults">Proposals per image (boxes).</param>
    /// <param name="samples">The batch's samples with ground truth, after preprocessing.</param>
    public abstract IReadOnlyDictionary<string, Tensor> Loss(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<DetDataSample> samples);

    /// <summary>MMDetection's <c>predict</c>: detections (and masks) per image from the proposals.</summary>
    /// <param name="x">Neck outputs.</param>
    /// <param name="rpnResults">Proposals per image (boxes).</param>
    /// <param name="metas">The images' metainfo.</param>
    /// <param name="rescale">Whether detections go back to the original image's scale.</param>
    public abstract IReadOnlyList<InstanceData> Predict(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<ImageMeta> metas, bool rescale);

    /// <summary>
    /// Pastes mask probabilities that another backend computed (an exported graph's <c>masks</c>: each detection's own-class
    /// map on its box, n×M×M, already activated) into the image, as this head pastes its own (<c>activate_map</c>), boxes
    /// rescaled alike; the detections get them as <see cref="InstanceData.Masks"/>.
    /// </summary>
    /// <param name="detections">The detections in the preprocessed input's coordinates, without masks.</param>
    /// <param name="probabilities">Their mask probabilities, n×M×M.</param>
    /// <param name="meta">The image's metainfo.</param>
    /// <param name="rescale">Whether detections go back to the original image's scale.</param>
    /// <exception cref="InvalidOperationException">The head has no mask branch or no test_cfg.</exception>
    public abstract InstanceData PasteMaskProbabilities(InstanceData detections, Tensor probabilities, ImageMeta meta, bool rescale);

    /// <summary>For constructors: per-stage settings have one item per stage (a config the compiler checked always does, DET208).</summary>
    /// <exception cref="ArgumentException">The number of items is not <see cref="NumStages"/>.</exception>
    protected IReadOnlyList<RcnnTrainConfig>? StageSettings(IReadOnlyList<RcnnTrainConfig>? trainCfg) =>
        trainCfg is null || trainCfg.Count == NumStages ? trainCfg
            : throw new ArgumentException($"{GetName()} has {NumStages} stage(s) but train_cfg.rcnn has {trainCfg.Count} item(s).", nameof(trainCfg));
}
