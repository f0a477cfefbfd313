using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// Builds an optimizer's parameter groups from a model (MMEngine's
/// <c>DefaultOptimWrapperConstructor.add_params</c>): every trainable parameter gets the base lr
/// and weight decay times the multipliers that apply to it; parameters that end with equal values
/// share a group (MMEngine makes one group per parameter; the updates are the same).
/// </summary>
public static class ParamGroups
{
    /// <summary>The groups of <paramref name="model"/>'s trainable parameters.</summary>
    /// <param name="model">The model.</param>
    /// <param name="baseLr">The optimizer's lr.</param>
    /// <param name="baseWeightDecay">The optimizer's weight decay.</param>
    /// <param name="paramwise">Multipliers; null gives one group with the base values.</param>
    public static IReadOnlyList<ParamGroup> Build(nn.Module model, double baseLr, double baseWeightDecay, ParamwiseOptions? paramwise = null)
    {
        var entries = new List<(string Name, Parameter Param, double Lr, double Decay)>();
        Collect(model, "", paramwise, baseLr, baseWeightDecay, entries);
        if (entries.Count == 0) throw new ArgumentException("The model has no trainable parameters.", nameof(model));
        return entries
            .GroupBy(e => (e.Lr, e.Decay))
            .Select(g => new ParamGroup(g.Select(e => e.Param).ToList(), g.Select(e => e.Name).ToList(), g.Key.Lr, g.Key.Decay))
            .ToList();
    }

    static void Collect(nn.Module module, string prefix, ParamwiseOptions? options, double baseLr, double baseDecay,
        List<(string, Parameter, double, double)> entries)
    {
        bool isNorm = module is NormBase or GroupNorm or LayerNorm;
        foreach (var (name, param) in module.named_parameters(recurse: false))
        {
            if (!param.requires_grad) continue;
            string fullName = prefix.Length == 0 ? name : $"{prefix}.{name}";
            var (lr, decay) = options is null ? (baseLr, baseDecay) : Multiplied(options, prefix, name, isNorm, baseLr, baseDecay);
            entries.Add((fullName, param, lr, decay));
        }
        foreach (var (childName, child) in module.named_children())
            Collect(child, prefix.Length == 0 ? childName : $"{prefix}.{childName}", options, baseLr, baseDecay, entries);
    }

    static (double Lr, double Decay) Multiplied(ParamwiseOptions options, string prefix, string name, bool isNorm,
        double baseLr, double baseDecay)
    {
        // MMEngine matches custom keys against f'{prefix}.{name}' (a leading '.' at the root), longest key first.
        string matchName = $"{prefix}.{name}";
        foreach (var key in options.CustomKeys.Keys.OrderBy(k => k, StringComparer.Ordinal).OrderByDescending(k => k.Length))
        {
            if (!matchName.Contains(key, StringComparison.Ordinal)) continue;
            var custom = options.CustomKeys[key];
            return (baseLr * custom.LrMult, baseDecay * custom.DecayMult);
        }
        bool isBias = name == "bias" && !isNorm;
        // MMEngine multiplies only when a multiplier is set; an unset one is 1, which multiplies to the same value.
        double lr = isBias ? baseLr * options.BiasLrMult : baseLr;
        double decay = isNorm ? baseDecay * options.NormDecayMult : isBias ? baseDecay * options.BiasDecayMult : baseDecay;
        return (lr, decay);
    }
}
