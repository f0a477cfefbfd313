using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Detectors;

/// <summary>
/// MMDetection's <c>SingleStageDetector</c>: backbone, neck and one dense head (<c>bbox_head</c>) that classifies and
/// regresses every prior. The detector's <c>train_cfg</c> / <c>test_cfg</c> are the head's: the generated <c>Build()</c>
/// builds the head with them (MMDetection's <c>bbox_head.update(train_cfg=train_cfg)</c>), so the detector keeps none.
/// </summary>
public class SingleStageDetector : Detector
{
    /// <summary>Builds the detector; arguments are MMDetection's in camelCase.</summary>
    /// <param name="backbone"><c>backbone</c>.</param>
    /// <param name="neck"><c>neck</c>, or null.</param>
    /// <param name="bboxHead"><c>bbox_head</c>, with the detector's <c>train_cfg</c> / <c>test_cfg</c>.</param>
    /// <param name="dataPreprocessor"><c>data_preprocessor</c>; null: no normalization, no padding.</param>
    public SingleStageDetector(Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead bboxHead,
        DetDataPreprocessor? dataPreprocessor = null)
        : this(nameof(SingleStageDetector), backbone, neck, bboxHead, dataPreprocessor)
    {
    }

    /// <summary>For derived detectors: the same, under another module name.</summary>
    protected SingleStageDetector(string name, Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead bboxHead,
        DetDataPreprocessor? dataPreprocessor)
        : base(name, backbone, neck, dataPreprocessor)
    {
        BboxHead = bboxHead;
        register_module("bbox_head", bboxHead);
    }

    /// <summary><c>bbox_head</c>.</summary>
    public DenseHead BboxHead { get; }

    /// <summary>
    /// Where the raw head outputs come from at inference: null for this detector's own modules, or another engine
    /// (ONNX Runtime) whose outputs go through the same post-processing (<see cref="DenseHead.PredictByFeat"/>). The
    /// detector disposes it.
    /// </summary>
    public IDenseForward? DenseBackend { get; set; }

    /// <inheritdoc/>
    public override DenseHeadOutputs ForwardDense(Tensor inputs) => DenseBackend?.Forward(inputs) ?? BboxHead.call(ExtractFeat(inputs));

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, Tensor> Losses(PreprocessedBatch data)
    {
        var x = ExtractFeat(data.Inputs);
        return BboxHead.Loss(x, data.Samples);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<InstanceData> Predictions(PreprocessedBatch data, bool rescale) =>
        BboxHead.PredictByFeat(ForwardDense(data.Inputs), data.Metas, null, rescale);

    /// <inheritdoc/>
    /// <remarks>With <see cref="DenseTestConfig.ClipAfterNms"/> the head's last step (clip to the image, drop empty boxes) follows the
    /// rescale here too: a post-processed graph stops, as the head's own path does before it, at NMS and <c>max_per_img</c>.</remarks>
    protected override InstanceData FinishBackendResult(InstanceData result, ImageMeta meta, bool rescale)
    {
        var finished = base.FinishBackendResult(result, meta, rescale);
        return BboxHead.TestCfg is { ClipAfterNms: true } ? DenseHead.ClipAndDropEmpty(finished, rescale ? meta.OriShape : meta.ImgShape) : finished;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) DenseBackend?.Dispose();
        base.Dispose(disposing);
    }
}
