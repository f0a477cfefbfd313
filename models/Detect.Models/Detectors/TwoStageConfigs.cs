using Detect.Models.DenseHeads;
using Detect.Models.RoIHeads;

namespace Detect.Models.Detectors;

/// <summary>A two-stage detector's <c>train_cfg</c>: <c>rpn</c>, <c>rpn_proposal</c>, <c>rcnn</c>.</summary>
/// <remarks>
/// <c>rcnn</c> is one setting for a one-stage RoI head (Faster / Mask R-CNN) and a list with one item per stage for a
/// multi-stage one (Cascade R-CNN); either way the RoI head receives the list.
/// </remarks>
/// <param name="rpn"><c>rpn</c>: the RPN head's assignment and sampling.</param>
/// <param name="rpnProposal"><c>rpn_proposal</c>: how proposals for the second stage are made while training.</param>
/// <param name="rcnn"><c>rcnn</c>: the RoI head's assignment and sampling, per stage.</param>
public sealed class TwoStageTrainConfig(DenseTrainConfig rpn, DenseTestConfig rpnProposal, IReadOnlyList<RcnnTrainConfig> rcnn)
{
    /// <summary>The settings of a one-stage RoI head.</summary>
    /// <param name="rpn"><c>rpn</c>.</param>
    /// <param name="rpnProposal"><c>rpn_proposal</c>.</param>
    /// <param name="rcnn"><c>rcnn</c>: one stage's assignment and sampling.</param>
    public TwoStageTrainConfig(DenseTrainConfig rpn, DenseTestConfig rpnProposal, RcnnTrainConfig rcnn)
        : this(rpn, rpnProposal, [rcnn ?? throw new ArgumentNullException(nameof(rcnn))])
    {
    }

    /// <summary><c>rpn</c>.</summary>
    public DenseTrainConfig Rpn { get; } = rpn;

    /// <summary><c>rpn_proposal</c>.</summary>
    public DenseTestConfig RpnProposal { get; } = rpnProposal;

    /// <summary><c>rcnn</c>, one item per RoI-head stage.</summary>
    public IReadOnlyList<RcnnTrainConfig> Rcnn { get; } = rcnn is { Count: > 0 } ? rcnn : throw new ArgumentException("train_cfg.rcnn needs at least one item.", nameof(rcnn));
}

/// <summary>A two-stage detector's <c>test_cfg</c>: <c>rpn</c>, <c>rcnn</c>.</summary>
/// <param name="rpn"><c>rpn</c>: proposals at inference.</param>
/// <param name="rcnn"><c>rcnn</c>: the RoI head's post-processing.</param>
public sealed class TwoStageTestConfig(DenseTestConfig rpn, RcnnTestConfig rcnn)
{
    /// <summary><c>rpn</c>.</summary>
    public DenseTestConfig Rpn { get; } = rpn;

    /// <summary><c>rcnn</c>.</summary>
    public RcnnTestConfig Rcnn { get; } = rcnn;
}
