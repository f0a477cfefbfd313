using Detect.Platform;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>
/// MMCV's <c>fuse_conv_bn</c>: folds every batch norm that directly follows a Conv2d among a module's children
/// into that conv's weight and bias, and puts an identity in the norm's place. Inference then skips the norms;
/// outputs are unchanged up to rounding.
/// </summary>
/// <remarks>
/// <para>As MMCV: children are walked in registration order; a norm is fused with the last Conv2d seen among its
/// siblings (other children are searched recursively in between, without forgetting that conv); a norm with no
/// conv before it stays. The folded conv gets <c>weight · γ/√(var + ε)</c> and bias
/// <c>(bias − mean) · γ/√(var + ε) + β</c>, i.e. the norm's evaluation-mode (running-statistics) behaviour, so the
/// fused model is for inference.</para>
/// <para>Beyond MMCV: <see cref="FrozenBatchNorm2d"/> (torchvision's) is folded too. A norm is replaced only where
/// its parent can take a replacement — a module implementing <see cref="IReplaceableChildren"/>, or a
/// <c>Sequential</c> (rebuilt) whose own parent can — and otherwise left as it is and listed in
/// <see cref="ConvBnFusionReport.Skipped"/>.</para>
/// </remarks>
public static class ConvBnFusion
{
    /// <summary>Fuses conv–norm pairs throughout <paramref name="model"/> (in place) and says which.</summary>
    public static ConvBnFusionReport Fuse(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var report = new ConvBnFusionReport();
        using (no_grad())
            FuseChildren(model, "", canInstall: false, report);
        return report;
    }

    // Returns a rebuilt Sequential that the caller must install in place of `module`, or null when nothing is left to do.
    static nn.Module? FuseChildren(nn.Module module, string path, bool canInstall, ConvBnFusionReport report)
    {
        bool canReplace = module is IReplaceableChildren || (module is Sequential && canInstall);
        var replacements = new Dictionary<string, nn.Module>();
        (string Name, Conv2d Conv)? lastConv = null;
        foreach (var (name, child) in module.named_children().ToList())
        {
            if (IsFoldableNorm(child))
            {
                if (lastConv is not { } conv) continue;
                var pair = (Conv: Join(path, conv.Name), Norm: Join(path, name));
                if (!canReplace)
                    report.Skipped.Add((pair.Conv, pair.Norm, $"{module.GetType().Name} cannot replace its children"));
                else if (!TryFold(conv.Conv, child, out var reason))
                    report.Skipped.Add((pair.Conv, pair.Norm, reason));
                else
                {
                    replacements[name] = nn.Identity();
                    report.Fused.Add(pair);
                }
                lastConv = null;
            }
            else if (child is Conv2d c)
                lastConv = (name, c);
            else if (FuseChildren(child, Join(path, name), canReplace, report) is { } rebuilt)
                replacements[name] = rebuilt;
        }
        if (replacements.Count == 0) return null;
        if (module is IReplaceableChildren replaceable)
        {
            foreach (var (name, replacement) in replacements) replaceable.ReplaceChild(name, replacement);
            return null;
        }
        return nn.Sequential(module.named_children()
            .Select(c => (c.name, (nn.Module<Tensor, Tensor>)replacements.GetValueOrDefault(c.name, c.module))).ToList());
    }

    /// <summary>Whether <paramref name="module"/> is a norm that folds into the conv before it (BatchNorm, <see cref="FrozenBatchNorm2d"/>).</summary>
    public static bool IsFoldableNorm(nn.Module module) => module is BatchNorm or FrozenBatchNorm2d;

    static bool TryFold(Conv2d conv, nn.Module norm, out string reason)
    {
        if (Folded(conv, norm) is not { } folded)
        {
            reason = "the norm keeps no running statistics";
            return false;
        }
        conv.weight = new Parameter(folded.Weight);
        conv.bias = new Parameter(folded.Bias);
        reason = "";
        return true;
    }

    /// <summary>
    /// The weight and bias of <paramref name="conv"/> with <paramref name="norm"/> (evaluation mode) folded in, as new
    /// tensors of the conv's type, the conv left unchanged; null when the norm keeps no running statistics. ONNX export
    /// writes these so that a Conv node stands for conv + norm.
    /// </summary>
    /// <remarks>weight · factor and (bias − mean) · factor + β with factor = γ / √(var + ε), in float64.</remarks>
    public static (Tensor Weight, Tensor Bias)? Folded(Conv2d conv, nn.Module norm)
    {
        var stats = norm switch
        {
            BatchNorm bn when bn.running_mean is { } mean && bn.running_var is { } var => (Mean: mean, Var: var, Gamma: bn.weight as Tensor, Beta: bn.bias as Tensor, Eps: bn.eps),
            FrozenBatchNorm2d f => (Mean: f.RunningMean, Var: f.RunningVar, Gamma: f.Weight, Beta: f.Bias, Eps: f.Eps),
            _ => default((Tensor Mean, Tensor Var, Tensor? Gamma, Tensor? Beta, double Eps)?),
        };
        if (stats is not { } s) return null;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var dtype = conv.weight.dtype;
        using var eps = s.Eps.ToScalar();
        var factor = s.Var.to(float64).add(eps, Scalars.One).rsqrt();
        if (s.Gamma is not null) factor = factor * s.Gamma.to(float64);
        var bias = conv.bias is { } b ? b.to(float64) : zeros_like(factor);
        var shift = (bias - s.Mean.to(float64)) * factor;
        if (s.Beta is not null) shift = shift.add(s.Beta.to(float64), Scalars.One);
        var weight = conv.weight.to(float64) * factor.reshape(-1, 1, 1, 1);
        return (weight.to(dtype).MoveToOuterDisposeScope(), shift.to(dtype).MoveToOuterDisposeScope());
    }

    static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
