using Detect.Checkpoints.Pickle;
using Detect.Platform;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// Adam step for step as <c>torch.optim.Adam</c> (amsgrad off): weight decay as L2, <c>g ← g + wd·p</c>;
/// first and second moments with bias correction; <c>p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε)</c>.
/// <see cref="AdamW"/> is the same step with the decay decoupled from the gradient.
/// </summary>
public class Adam : Optimizer
{
    readonly AdamOptions options;

    /// <summary>Creates the optimizer; each group's lr and weight decay come from the group.</summary>
    public Adam(IReadOnlyList<ParamGroup> paramGroups, AdamOptions options) : base(paramGroups)
    {
        var (beta1, beta2) = options.Betas;
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
            throw new ArgumentException($"betas must be in [0, 1), got ({beta1}, {beta2}).", nameof(options));
        if (options.Eps < 0) throw new ArgumentException($"eps must be ≥ 0, got {options.Eps}.", nameof(options));
        this.options = options;
    }

    /// <inheritdoc />
    public override string TypeName => "Adam";

    /// <summary>AdamW's rule: <c>p ← p·(1 − lr·wd)</c> before the step, instead of adding <c>wd·p</c> to the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc />
    protected override void Update(Parameter param, Tensor grad, ParamGroup group, Dictionary<string, Tensor> paramState)
    {
        if (!paramState.TryGetValue("step", out var stepTensor))
        {
            // PyTorch keeps the step count as a float32 scalar tensor; so do we, so checkpoints load in both.
            paramState["step"] = stepTensor = Keep(tensor(0f));
            paramState["exp_avg"] = Keep(zeros_like(param));
            paramState["exp_avg_sq"] = Keep(zeros_like(param));
        }
        var expAvg = paramState["exp_avg"];
        var expAvgSq = paramState["exp_avg_sq"];
        stepTensor.add_(Scalars.One, Scalars.One);
        double step = stepTensor.item<float>();
        var (beta1, beta2) = options.Betas;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
        // Every number as a Scalar that outlives its call (Detect.Platform.Scalars).
        using var b1 = beta1.ToScalar();
        using var oneMinusB1 = (1 - beta1).ToScalar();
        using var b2 = beta2.ToScalar();
        using var oneMinusB2 = (1 - beta2).ToScalar();
        using var correction2 = biasCorrection2Sqrt.ToScalar();
        using var eps = options.Eps.ToScalar();
        using var stepSize = (-group.Lr / biasCorrection1).ToScalar();

        if (DecoupledWeightDecay)
        {
            using var decay = (1 - group.Lr * group.WeightDecay).ToScalar();
            param.mul_(decay);
        }
        else if (group.WeightDecay != 0)
        {
            using var weightDecay = group.WeightDecay.ToScalar();
            grad = grad.add(param, alpha: weightDecay); // a new tensor in the step's dispose scope; the gradient itself stays
        }
        expAvg.mul_(b1).add_(grad, alpha: oneMinusB1);
        expAvgSq.mul_(b2).addcmul_(grad, grad, value: oneMinusB2);
        var denom = expAvgSq.sqrt().div_(correction2).add_(eps, Scalars.One);
        param.addcdiv_(expAvg, denom, value: stepSize);
    }

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, object>> Hyperparameters() =>
    [
        new("betas", new PickleTuple([options.Betas.Beta1, options.Betas.Beta2])), new("eps", options.Eps), new("amsgrad", false),
        new("maximize", false),
    ];
}
