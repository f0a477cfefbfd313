using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay,
/// step for step as <c>torch.optim.SGD</c>: <c>d = g + wd·p</c>; <c>buf = d</c> on the first step,
/// else <c>buf = momentum·buf + (1 − dampening)·d</c>; <c>d = d + momentum·buf</c> (Nesterov) or
/// <c>d = buf</c>; <c>p = p − lr·d</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    readonly SgdOptions options;

    /// <summary>Creates the optimizer; each group's lr and weight decay come from the group.</summary>
    public Sgd(IReadOnlyList<ParamGroup> paramGroups, SgdOptions options) : base(paramGroups)
    {
        if (options.Momentum < 0) throw new ArgumentException($"momentum must be ≥ 0, got {options.Momentum}.", nameof(options));
        if (options.Nesterov && (options.Momentum <= 0 || options.Dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening.", nameof(options));
        this.options = options;
    }

    /// <inheritdoc />
    public override string TypeName => "SGD";

    /// <inheritdoc />
    protected override void Update(Parameter param, Tensor grad, ParamGroup group, Dictionary<string, Tensor> paramState)
    {
        // Every number as a Scalar that outlives its call (Detect.Platform.Scalars).
        using var weightDecay = group.WeightDecay.ToScalar();
        using var momentum = options.Momentum.ToScalar();
        using var oneMinusDampening = (1 - options.Dampening).ToScalar();
        using var minusLr = (-group.Lr).ToScalar();
        var d = group.WeightDecay != 0 ? grad.add(param, alpha: weightDecay) : grad;
        if (options.Momentum != 0)
        {
            if (!paramState.TryGetValue("momentum_buffer", out var buf))
                paramState["momentum_buffer"] = buf = Keep(d.clone().detach());
            else
                buf.mul_(momentum).add_(d, alpha: oneMinusDampening);
            d = options.Nesterov ? d.add(buf, alpha: momentum) : buf;
        }
        param.add_(d, alpha: minusLr);
    }

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, object>> Hyperparameters() =>
    [
        new("momentum", options.Momentum), new("dampening", options.Dampening), new("nesterov", options.Nesterov),
        new("maximize", false),
    ];
}
