using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>
/// Channel and stride checks along backbone → neck → heads (DET201-DET204, DET207), evaluated from
/// the components' shape rules. Components without a rule make the shapes unknown from there on;
/// those are checked when the model is built.
/// </summary>
internal static class ShapeChecks
{
    public static void Check(IConfigView root, ICheckReporter reporter, IFeatureProbe? probe = null)
    {
        var model = root.Slot("model");
        if (model is null) return;
        var backbone = model.Slot("backbone");
        var neck = model.Slot("neck");
        var features = backbone is null ? null : BackboneShapes.Outputs(backbone, reporter) ?? probe?.Measure(backbone, null);
        if (neck is not null) features = NeckOutputs(neck, features, reporter) ?? (HasShapeRule(neck) ? null : probe?.Measure(neck, features));
        if (features is null) return;
        foreach (var node in ConfigWalk.Descendants(model).Where(n => n.Path != backbone?.Path && n.Path != neck?.Path && !IsUnder(n, backbone) && !IsUnder(n, neck)))
        {
            foreach (var rule in node.Rules)
            {
                if (rule.Name == "DenseHeadRule") CheckDenseHead(node, rule, features, reporter);
                else if (rule.Name == "RoIExtractorRule") CheckExtractor(node, features, reporter);
                else if (rule.Name == "RoIPairRule") CheckPair(node, rule, reporter);
            }
        }
    }

    private static FeatureLevels? NeckOutputs(IConfigView neck, FeatureLevels? input, ICheckReporter reporter)
    {
        if (BackboneShapes.Fixed(neck) is { } fixedLevels) return fixedLevels;
        if (!neck.Rules.Any(r => r.Name == "PyramidNeckRule")) return null;
        var inChannels = ValueText.AsLongs(neck.Value(RuleContracts.InChannels));
        if (inChannels is null || inChannels.Length == 0) return null;
        if (input is not null && !inChannels.SequenceEqual(input.Channels))
        {
            reporter.Report(DiagnosticCatalog.NeckChannels, Blames(new Blame(neck, RuleContracts.InChannels), input.ChannelBlames, new Blame(neck)),
                neck.TypeName, ValueText.FormatLongs(inChannels), neck.Origin(RuleContracts.InChannels), input.Producer, ValueText.FormatLongs(input.Channels), input.ChannelOrigin);
        }
        var start = (int)(ValueText.AsLong(neck.Value(RuleContracts.StartLevel)) ?? 0);
        var end = (int)(ValueText.AsLong(neck.Value(RuleContracts.EndLevel)) ?? -1);
        var numOuts = (int)(ValueText.AsLong(neck.Value(RuleContracts.NumOuts)) ?? inChannels.Length);
        var backboneEnd = ShapeMath.PyramidEndLevel(inChannels.Length, start, end, numOuts, out var problem, out var culprit);
        if (backboneEnd is null)
        {
            reporter.Report(DiagnosticCatalog.LevelOutOfRange, Blames(new Blame(neck, culprit), new[] { new Blame(neck, RuleContracts.InChannels) }, new Blame(neck)),
                neck.TypeName, culprit!, ValueText.Format(neck.Value(culprit!)), neck.Origin(culprit!), problem!);
            return null;
        }
        var outChannels = ValueText.AsLong(neck.Value(RuleContracts.OutChannels)) ?? 0;
        var strides = input?.Strides is { } s && s.Length == inChannels.Length ? ShapeMath.PyramidStrides(s, start, backboneEnd.Value, numOuts) : null;
        var blames = new[] { new Blame(neck, RuleContracts.OutChannels), new Blame(neck) };
        var strideBlames = new List<Blame> { new(neck, RuleContracts.NumOuts), new(neck, RuleContracts.StartLevel) };
        if (input is not null) strideBlames.AddRange(input.StrideBlames);
        strideBlames.Add(new Blame(neck));
        return new FeatureLevels(Enumerable.Repeat(outChannels, numOuts).ToArray(), strides, neck.TypeName,
            neck.Origin(RuleContracts.OutChannels), neck.Origin(RuleContracts.NumOuts), blames, strideBlames);
    }

    private static void CheckDenseHead(IConfigView head, RuleView rule, FeatureLevels features, ICheckReporter reporter)
    {
        CheckChannels(head, RuleContracts.InChannels, features.Channels, features, reporter);
        var path = rule.Arg("StridesFrom") as string ?? "anchor_generator.strides";
        var (owner, property) = ConfigWalk.ResolveProperty(head, path);
        if (owner is null || property is null) return;
        CheckStrides(owner, property, features, reporter, prefixOnly: false);
    }

    private static void CheckExtractor(IConfigView extractor, FeatureLevels features, ICheckReporter reporter)
    {
        var strides = ValueText.AsLongs(extractor.Value(RuleContracts.FeatmapStrides));
        var used = strides is null ? features.Channels : features.Channels.Take(strides.Length).ToArray();
        CheckChannels(extractor, RuleContracts.OutChannels, used, features, reporter);
        CheckStrides(extractor, RuleContracts.FeatmapStrides, features, reporter, prefixOnly: true);
    }

    private static void CheckPair(IConfigView roiHead, RuleView rule, ICheckReporter reporter)
    {
        var extractor = roiHead.Slot(rule.Arg("Extractor") as string ?? "");
        if (extractor is null) return;
        // The head slot holds one head, or one per stage (a cascade's bbox_head list): each reads what the extractor pools.
        var headKey = rule.Arg("Head") as string ?? "";
        var heads = roiHead.Slot(headKey) is { } single ? new[] { single } : roiHead.Items(headKey);
        foreach (var head in heads) CheckPair(extractor, head, reporter);
    }

    private static void CheckPair(IConfigView extractor, IConfigView head, ICheckReporter reporter)
    {
        var pooled = ValueText.AsLong(extractor.Value(RuleContracts.OutChannels));
        var inChannels = ValueText.AsLong(head.Value(RuleContracts.InChannels));
        if (pooled is null || inChannels is null || pooled == inChannels) return;
        reporter.Report(DiagnosticCatalog.HeadChannels, new[] { new Blame(head, RuleContracts.InChannels), new Blame(extractor, RuleContracts.OutChannels), new Blame(head) },
            head.TypeName, RuleContracts.InChannels, inChannels.Value, head.Origin(RuleContracts.InChannels), pooled.Value, extractor.TypeName, extractor.Origin(RuleContracts.OutChannels));
    }

    private static void CheckChannels(IConfigView node, string property, long[] expected, FeatureLevels features, ICheckReporter reporter)
    {
        var actual = ValueText.AsLong(node.Value(property));
        if (actual is null || expected.All(c => c == actual)) return;
        var shown = expected.Distinct().Count() == 1 ? expected[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : ValueText.FormatLongs(expected);
        reporter.Report(DiagnosticCatalog.HeadChannels, Blames(new Blame(node, property), features.ChannelBlames, new Blame(node)),
            node.TypeName, property, actual.Value, node.Origin(property), shown, features.Producer, features.ChannelOrigin);
    }

    private static void CheckStrides(IConfigView node, string property, FeatureLevels features, ICheckReporter reporter, bool prefixOnly)
    {
        var strides = ValueText.AsLongs(node.Value(property));
        if (strides is null || strides.Length == 0 || features.Strides is null) return;
        var levels = features.Strides.Length;
        var blame = Blames(new Blame(node, property), features.StrideBlames, new Blame(node));
        if (prefixOnly ? strides.Length > levels : strides.Length != levels)
        {
            reporter.Report(DiagnosticCatalog.LevelCount, blame, node.TypeName, property, ValueText.FormatLongs(strides),
                node.Origin(property), strides.Length, features.Producer, levels, features.StrideOrigin);
            return;
        }
        if (!strides.SequenceEqual(features.Strides.Take(strides.Length)))
        {
            reporter.Report(DiagnosticCatalog.StrideMismatch, blame, node.TypeName, property, ValueText.FormatLongs(strides),
                node.Origin(property), ValueText.FormatLongs(features.Strides.Take(strides.Length).ToArray()), features.Producer, features.StrideOrigin);
        }
    }

    private static bool HasShapeRule(IConfigView node) => node.Rules.Any(r => r.Name is "PyramidNeckRule" or "FixedOutputsRule");

    private static bool IsUnder(IConfigView node, IConfigView? ancestor) =>
        ancestor is not null && node.Path.StartsWith(ancestor.Path + ".", System.StringComparison.Ordinal);

    internal static IReadOnlyList<Blame> Blames(Blame first, IEnumerable<Blame> more, Blame last) =>
        new[] { first }.Concat(more).Concat(new[] { last }).ToArray();
}
