using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Samplers;

namespace Detect.Models.RoIHeads;

/// <summary>The R-CNN stage's <c>train_cfg.rcnn</c>.</summary>
/// <param name="assigner"><c>assigner</c> of proposals to ground truths.</param>
/// <param name="sampler"><c>sampler</c> of the proposals that train the heads.</param>
/// <param name="maskSize"><c>mask_size</c>: resolution of the mask targets.</param>
/// <param name="posWeight"><c>pos_weight</c>: classification weight of positives; not positive: 1.</param>
/// <param name="debug"><c>debug</c> (kept for configs; not used).</param>
public sealed class RcnnTrainConfig(IAssigner assigner, ISampler sampler, int maskSize = 28, double posWeight = -1, bool debug = false)
{
    /// <summary><c>assigner</c>.</summary>
    public IAssigner Assigner { get; } = assigner ?? throw new ArgumentNullException(nameof(assigner));

    /// <summary><c>sampler</c>.</summary>
    public ISampler Sampler { get; } = sampler ?? throw new ArgumentNullException(nameof(sampler));

    /// <summary><c>mask_size</c>.</summary>
    public int MaskSize { get; } = maskSize;

    /// <summary><c>pos_weight</c>.</summary>
    public double PosWeight { get; } = posWeight;

    /// <summary><c>debug</c>.</summary>
    public bool Debug { get; } = debug;
}
