using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Structures;

/// <summary>
/// What the engine, evaluators and inference need from a detector (MMDetection's
/// <c>BaseDetector.forward</c> in its 'loss' and 'predict' modes). Detectors in Detect.Models derive
/// from it; it lives here so the runtime does not depend on models.
/// </summary>
public abstract class DetectionModel : nn.Module
{
    /// <summary>Creates the module with its TorchSharp name.</summary>
    protected DetectionModel(string name) : base(name) { }

    /// <summary>
    /// Preprocesses the batch and returns the losses by name (<c>loss_cls</c>, <c>loss_bbox</c>, ...).
    /// Entries whose name contains "loss" are summed into the training objective, as MMEngine's
    /// <c>parse_losses</c>; others (e.g. accuracies) are only logged.
    /// </summary>
    public abstract IReadOnlyDictionary<string, Tensor> Loss(DetBatch batch);

    /// <summary>
    /// Preprocesses the batch and returns one sample per image with <see cref="DetDataSample.PredInstances"/>
    /// set; with <paramref name="rescale"/> boxes and masks are in original-image pixels.
    /// </summary>
    public abstract IReadOnlyList<DetDataSample> Predict(DetBatch batch, bool rescale = true);
}
