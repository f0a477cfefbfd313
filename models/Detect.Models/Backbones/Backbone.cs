using Detect.Checkpoints;
using Detect.Models.Layers;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>
/// A backbone: from an image batch (N×C×H×W) to feature maps, one per output index, with their
/// shape contract published as data.
/// </summary>
public abstract class Backbone(string name) : DetectModule<Tensor, Tensor[]>(name), IPretrainedModule
{
    /// <summary>The Pretrained <c>init_cfg</c>, or null (a backbone without one keeps its random initialization).</summary>
    public virtual PretrainedInit? InitCfg => null;

    /// <inheritdoc/>
    public bool IsInit { get; set; }

    /// <summary>Channels and stride of each returned feature map, in order.</summary>
    public abstract IReadOnlyList<ShapeSpec> OutputShapes { get; }

    /// <summary>
    /// MMEngine's <c>init_weights</c> of this backbone alone: its own random initialization again, then its
    /// <c>init_cfg</c> checkpoint if it has one (non-strict, like MMEngine's Pretrained init). A model built from a
    /// config needs no call: the runner loads every Pretrained <c>init_cfg</c> once when training starts
    /// (<see cref="PretrainedWeights.InitWeights"/>).
    /// </summary>
    /// <returns>The checkpoint load report, or null when there is no checkpoint.</returns>
    public abstract LoadReport? InitWeights();
}
