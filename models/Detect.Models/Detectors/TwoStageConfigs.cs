using Detect.Models.DenseHeads;
using Detect.Models.RoIHeads;

namespace Detect.Models.Detectors;

/// <summary>A two-stage detector's <c>train_cfg</c>: <c>rpn</c>, <c>rpn_proposal</c>, <c>rcnn</c>.</summary>
/// <param name="rpn"><c>rpn</c>: the RPN head's assignment and sampling.</param>
/// <param name="rpnProposal"><c>rpn_proposal</c>: how proposals for the second stage are made while training.</param>
/// <param name="rcnn"><c>rcnn</c>: the RoI head's assignment and sampling.</param>
public sealed class TwoStageTrainConfig(DenseTrainConfig rpn, DenseTestConfig rpnProposal, RcnnTrainConfig rcnn)
{
    /// <summary><c>rpn</c>.</summary>
    public DenseTrainConfig Rpn { get; } = rpn;

    /// <summary><c>rpn_proposal</c>.</summary>
    public DenseTestConfig RpnProposal { get; } = rpnProposal;

    /// <summary><c>rcnn</c>.</summary>
    public RcnnTrainConfig Rcnn { get; } = rcnn;
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
