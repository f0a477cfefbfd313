using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>Output levels of backbones from their shape rules (ResNet/ResNeXt stages, RegNet widths, fixed outputs).</summary>
internal static class BackboneShapes
{
    public static FeatureLevels? Outputs(IConfigView backbone, ICheckReporter reporter)
    {
        foreach (var rule in backbone.Rules)
        {
            if (rule.Name == "ResidualStagesRule") return Residual(backbone, rule, reporter);
            if (rule.Name == "RegNetStagesRule") return RegNet(backbone, reporter);
        }
        return Fixed(backbone);
    }

    /// <summary>Levels declared by a <c>FixedOutputsRule</c>, or null.</summary>
    public static FeatureLevels? Fixed(IConfigView node)
    {
        var rule = node.Rules.FirstOrDefault(r => r.Name == "FixedOutputsRule");
        if (rule is null) return null;
        var channels = ValueText.AsLongs(rule.Arg("Channels")) ?? new long[0];
        var strides = ValueText.AsLongs(rule.Arg("Strides"));
        var blames = new[] { new Blame(node) };
        return new FeatureLevels(channels, strides is { Length: > 0 } ? strides : null, node.TypeName, node.TypeOrigin, node.TypeOrigin, blames, blames);
    }

    private static FeatureLevels? Residual(IConfigView node, RuleView rule, ICheckReporter reporter)
    {
        var depth = ValueText.AsLong(node.Value(RuleContracts.Depth));
        if (depth is null) return null;
        if (ShapeMath.ResNetExpansion(depth.Value) is not { } expansion)
        {
            reporter.Report(DiagnosticCatalog.NotOneOf, new[] { new Blame(node, RuleContracts.Depth), new Blame(node) },
                node.TypeName, RuleContracts.Depth, depth.Value, string.Join(", ", ShapeMath.ResNetArchs.Keys));
            return null;
        }
        var numStages = (int)(ValueText.AsLong(node.Value(RuleContracts.NumStages)) ?? 4);
        var stageStrides = ValueText.AsLongs(node.Value(RuleContracts.Strides)) ?? new long[] { 1, 2, 2, 2 };
        var (channels, strides) = ShapeMath.ResidualStages(ValueText.AsLong(node.Value(RuleContracts.BaseChannels)) ?? 64, expansion,
            ValueText.AsLong(rule.Arg("StemStride")) ?? 4, stageStrides, numStages);
        var producer = node.TypeName + "-" + depth;
        var blames = new[] { new Blame(node, RuleContracts.Depth), new Blame(node, RuleContracts.OutIndices), new Blame(node, RuleContracts.BaseChannels), new Blame(node) };
        return Select(node, channels, strides, producer, node.Origin(RuleContracts.Depth), blames, numStages + " stages", reporter);
    }

    private static FeatureLevels? RegNet(IConfigView node, ICheckReporter reporter)
    {
        var arch = node.Value(RuleContracts.Arch) as string;
        (double W0, double Wa, double Wm, int GroupW, int Depth, double BotMul) p;
        string producer;
        if (arch is not null && ShapeMath.RegNetArchs.TryGetValue(arch, out p))
            producer = node.TypeName + "(" + arch + ")";
        else // "custom": the arch's parameters
        {
            p = (ValueText.AsDouble(node.Value(RuleContracts.W0)) ?? 0, ValueText.AsDouble(node.Value(RuleContracts.Wa)) ?? 0, ValueText.AsDouble(node.Value(RuleContracts.Wm)) ?? 0,
                (int)(ValueText.AsLong(node.Value(RuleContracts.GroupW)) ?? 0), (int)(ValueText.AsLong(node.Value(RuleContracts.Depth)) ?? 0), ValueText.AsDouble(node.Value(RuleContracts.BotMul)) ?? 1.0);
            if (InvalidCustomArch(node, p, reporter)) return null;
            producer = node.TypeName + "(w0=" + p.W0 + ", wa=" + p.Wa + ", wm=" + p.Wm + ", depth=" + p.Depth + ")";
        }
        var widths = ShapeMath.RegNetStages(p.W0, p.Wa, p.Wm, p.Depth, p.GroupW, p.BotMul).Widths;
        var stageStrides = ValueText.AsLongs(node.Value(RuleContracts.Strides)) ?? new long[] { 2, 2, 2, 2 };
        var strides = new long[widths.Length];
        long stride = 2;
        for (var i = 0; i < widths.Length; i++) strides[i] = stride *= i < stageStrides.Length ? stageStrides[i] : 2;
        var blames = new[] { new Blame(node, RuleContracts.Arch), new Blame(node, RuleContracts.OutIndices), new Blame(node) };
        return Select(node, widths, strides, producer, node.Origin(RuleContracts.Arch), blames, widths.Length + " stages", reporter);
    }

    /// <summary>Reports the first parameter of a custom RegNet design that MMDetection's assertions would reject.</summary>
    private static bool InvalidCustomArch(IConfigView node, (double W0, double Wa, double Wm, int GroupW, int Depth, double BotMul) p, ICheckReporter reporter)
    {
        string? property = p.W0 <= 0 || p.W0 % 8 != 0 ? RuleContracts.W0 : p.Wa < 0 ? RuleContracts.Wa : p.Wm <= 1 ? RuleContracts.Wm
            : p.Depth < 1 ? RuleContracts.Depth : p.GroupW < 1 ? RuleContracts.GroupW : p.BotMul <= 0 ? RuleContracts.BotMul : null;
        if (property is null) return false;
        reporter.Report(DiagnosticCatalog.CustomArch, new[] { new Blame(node, property), new Blame(node, RuleContracts.Arch), new Blame(node) },
            node.TypeName, property, node.Value(property) ?? 0, "a custom arch needs w0 > 0 and a multiple of 8, wa >= 0, wm > 1, depth >= 1, group_w >= 1, bot_mul > 0 (or set Arch to a named design)");
        return true;
    }

    private static FeatureLevels? Select(IConfigView node, long[] channels, long[] strides, string producer, string origin,
        IReadOnlyList<Blame> blames, string stagesText, ICheckReporter reporter)
    {
        var outIndices = ValueText.AsLongs(node.Value(RuleContracts.OutIndices)) ?? Enumerable.Range(0, channels.Length).Select(i => (long)i).ToArray();
        if (outIndices.Any(i => i < 0 || i >= channels.Length))
        {
            reporter.Report(DiagnosticCatalog.LevelOutOfRange, new[] { new Blame(node, RuleContracts.OutIndices), new Blame(node) },
                node.TypeName, RuleContracts.OutIndices, ValueText.FormatLongs(outIndices), node.Origin(RuleContracts.OutIndices), producer + " has " + stagesText);
            return null;
        }
        return new FeatureLevels(outIndices.Select(i => channels[i]).ToArray(), outIndices.Select(i => strides[i]).ToArray(),
            producer, origin, origin, blames, blames);
    }
}
