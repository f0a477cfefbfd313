using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Platform;
using Detect.Models.DenseHeads;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Detectors;

/// <summary>
/// What Detect's detectors share (MMDetection's <c>BaseDetector</c>): a data preprocessor, a backbone and a neck
/// (<c>extract_feat</c>), and the two entry points of <see cref="DetectionModel"/>, each one dispose scope:
/// <see cref="Loss"/> (preprocess → features → heads' losses) and <see cref="Predict"/> (preprocess → features →
/// heads' predictions, without gradients). State-dict keys are MMDetection's: <c>backbone.*</c>, <c>neck.*</c>, then the heads'.
/// </summary>
public abstract class Detector : DetectionModel
{
    /// <summary>Registers the parts every detector has.</summary>
    protected Detector(string name, Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DetDataPreprocessor? dataPreprocessor)
        : base(name)
    {
        DataPreprocessor = dataPreprocessor ?? new DetDataPreprocessor();
        Backbone = backbone;
        register_module("backbone", backbone);
        Neck = neck;
        if (neck is not null) register_module("neck", neck);
    }

    /// <summary><c>data_preprocessor</c>.</summary>
    public DetDataPreprocessor DataPreprocessor { get; }

    /// <summary><c>backbone</c>.</summary>
    public Backbone Backbone { get; }

    /// <summary><c>neck</c>, or null.</summary>
    public nn.Module<Tensor[], Tensor[]>? Neck { get; }

    /// <summary>The device of the model's parameters (where batches are moved).</summary>
    public Device Device => parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>The floating type of the model's parameters (what images are converted to): float32 unless the model was converted.</summary>
    public ScalarType Dtype => parameters().FirstOrDefault()?.dtype ?? ScalarType.Float32;

    /// <inheritdoc/>
    protected override void RegisterComponents() { }

    /// <summary>MMDetection's <c>extract_feat</c>: backbone, then neck.</summary>
    public Tensor[] ExtractFeat(Tensor inputs)
    {
        var x = Backbone.call(inputs);
        return Neck is null ? x : Neck.call(x);
    }

    /// <summary>
    /// MMDetection's forward in <c>'tensor'</c> mode as far as the dense head: backbone, neck and the raw outputs of the
    /// dense head (the RPN's in a two-stage detector) for an already preprocessed N×3×H×W batch, without
    /// post-processing — what <c>get_flops</c> measures. Call it inside a dispose scope.
    /// </summary>
    public abstract DenseHeadOutputs ForwardDense(Tensor inputs);

    /// <summary>
    /// Where the detections come from at inference when set: another engine that also post-processes (ONNX Runtime on
    /// a graph exported with its post-processing); this detector then only preprocesses and rescales the boxes to the
    /// original images. The detector disposes it.
    /// </summary>
    public IDetectionForward? DetectionBackend { get; set; }

    /// <inheritdoc/>
    public sealed override IReadOnlyDictionary<string, Tensor> Loss(DetBatch batch)
    {
        using var scope = NewDisposeScope();
        var data = DataPreprocessor.Forward(batch, Device, training: true, Dtype);
        var losses = Losses(data);
        foreach (var loss in losses.Values) loss.MoveToOuterDisposeScope();
        return losses;
    }

    /// <inheritdoc/>
    public sealed override IReadOnlyList<DetDataSample> Predict(DetBatch batch, bool rescale = true)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var data = DataPreprocessor.Forward(batch, Device, training: false, Dtype);
        var results = DetectionBackend is null ? Predictions(data, rescale) : BackendPredictions(data, rescale);
        return [.. batch.Samples.Select((sample, i) => sample with { Meta = data.Samples[i].Meta, PredInstances = results[i].MoveToOuterDisposeScope() })];
    }

    IReadOnlyList<InstanceData> BackendPredictions(PreprocessedBatch data, bool rescale)
    {
        var results = DetectionBackend!.Predict(data.Inputs, data.Metas);
        return [.. results.Select((r, i) => FinishBackendResult(r, data.Metas[i], rescale))];
    }

    /// <summary>
    /// What the detector still does to one image's detections from <see cref="DetectionBackend"/> (boxes in the
    /// preprocessed batch's coordinates): the boxes rescaled to the original image with <paramref name="rescale"/>.
    /// </summary>
    protected virtual InstanceData FinishBackendResult(InstanceData result, ImageMeta meta, bool rescale) =>
        rescale ? new InstanceData(DenseHead.Rescale(result.Bboxes, meta), result.Labels, result.Scores) : result;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) DetectionBackend?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The losses of a preprocessed batch (runs inside <see cref="Loss"/>'s dispose scope).</summary>
    protected abstract IReadOnlyDictionary<string, Tensor> Losses(PreprocessedBatch data);

    /// <summary>The predictions for a preprocessed batch (runs inside <see cref="Predict"/>'s dispose scope).</summary>
    protected abstract IReadOnlyList<InstanceData> Predictions(PreprocessedBatch data, bool rescale);
}
