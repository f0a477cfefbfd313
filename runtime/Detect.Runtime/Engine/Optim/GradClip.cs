using Detect.Platform;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>clip_grad=dict(max_norm=..., norm_type=...)</c>: scales all gradients together so
/// that their joint norm is at most <see cref="MaxNorm"/>, as <c>torch.nn.utils.clip_grad_norm_</c>
/// (coefficient <c>max_norm / (total + 1e-6)</c>, clamped to 1).
/// </summary>
public sealed record GradClip
{
    /// <summary>Creates the clipping settings.</summary>
    /// <param name="maxNorm"><c>max_norm</c>.</param>
    /// <param name="normType"><c>norm_type</c>: p of the p-norm; <see cref="double.PositiveInfinity"/> for the max norm.</param>
    public GradClip(double maxNorm, double normType = 2.0) => (MaxNorm, NormType) = (maxNorm, normType);

    /// <summary><c>max_norm</c>.</summary>
    public double MaxNorm { get; init; }

    /// <summary><c>norm_type</c>.</summary>
    public double NormType { get; init; }

    /// <summary>Clips the gradients of <paramref name="parameters"/> in place; returns the total norm before clipping, or null when no parameter has a gradient.</summary>
    public double? Apply(IEnumerable<Parameter> parameters)
    {
        if (MaxNorm <= 0) throw new InvalidOperationException($"clip_grad max_norm must be positive, got {MaxNorm}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = parameters.Where(p => p.requires_grad).Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return null;
        // Tensor.norm(p) rather than linalg.vector_norm(g, p), which makes a temporary Scalar of p (Detect.Platform.Scalars).
        Tensor total = double.IsPositiveInfinity(NormType)
            ? stack(grads.Select(g => g.abs().max()).ToArray()).max()
            : stack(grads.Select(g => g.norm((float)NormType)).ToArray()).norm((float)NormType);
        using var maxNorm = MaxNorm.ToScalar();
        using var eps = 1e-6.ToScalar();
        var coef = total.add(eps, Scalars.One).reciprocal().mul(maxNorm).clamp_max(Scalars.OneDouble);
        foreach (var g in grads) g.mul_(coef);
        return total.item<float>();
    }
}
