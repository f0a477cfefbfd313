namespace Detect.Engine;

/// <summary>
/// Adam with decoupled weight decay, step for step as <c>torch.optim.AdamW</c> (amsgrad off):
/// <c>p ← p·(1 − lr·wd)</c>, then <see cref="Adam"/>'s step.
/// </summary>
public sealed class AdamW(IReadOnlyList<ParamGroup> paramGroups, AdamWOptions options) : Adam(paramGroups, options)
{
    /// <inheritdoc />
    public override string TypeName => "AdamW";

    /// <inheritdoc />
    protected override bool DecoupledWeightDecay => true;
}
