using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Samplers;

namespace Detect.Models.DenseHeads;

/// <summary>An anchor head's <c>train_cfg</c> (RetinaNet's, or <c>train_cfg.rpn</c> of a two-stage detector).</summary>
/// <param name="assigner"><c>assigner</c>.</param>
/// <param name="sampler"><c>sampler</c>; null: <see cref="PseudoSampler"/>, as MMDetection.</param>
/// <param name="allowedBorder"><c>allowed_border</c>: pixels an anchor may reach beyond the image to be trained; negative: any anchor.</param>
/// <param name="posWeight"><c>pos_weight</c>: classification weight of positives; not positive: 1.</param>
/// <param name="debug"><c>debug</c> (kept for configs; not used).</param>
/// <param name="lossNormalization">What the losses are averaged over; default MMDetection's <c>avg_factor</c>.</param>
/// <param name="negPosRatio"><c>neg_pos_ratio</c>: negatives kept per positive by SSD's hard negative mining.</param>
public sealed class DenseTrainConfig(IAssigner assigner, ISampler? sampler = null, double allowedBorder = -1, double posWeight = -1, bool debug = false,
    LossNormalization lossNormalization = LossNormalization.AvgFactor, int negPosRatio = 3)
{
    /// <summary><c>assigner</c>.</summary>
    public IAssigner Assigner { get; } = assigner ?? throw new ArgumentNullException(nameof(assigner));

    /// <summary><c>sampler</c>.</summary>
    public ISampler Sampler { get; } = sampler ?? new PseudoSampler();

    /// <summary><c>allowed_border</c>.</summary>
    public double AllowedBorder { get; } = allowedBorder;

    /// <summary><c>pos_weight</c>.</summary>
    public double PosWeight { get; } = posWeight;

    /// <summary><c>debug</c>.</summary>
    public bool Debug { get; } = debug;

    /// <summary>What the losses are averaged over.</summary>
    public LossNormalization LossNormalization { get; } = lossNormalization;

    /// <summary><c>neg_pos_ratio</c> (<see cref="SSDHead"/>).</summary>
    public int NegPosRatio { get; } = negPosRatio > 0 ? negPosRatio : throw new ArgumentOutOfRangeException(nameof(negPosRatio), negPosRatio, "neg_pos_ratio must be positive.");
}
