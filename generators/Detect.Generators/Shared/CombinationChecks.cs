using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>
/// Values of one component that must fit together (DET506), each as the MMDetection/MMCV component asserts it in its
/// constructor: RandomCrop's crop size by crop type, Pad's target, the reduction of losses a head averages, a dense
/// head's sampler. The rules are declared on the components (runtime/Detect.Runtime/Config/Rules/CombinationRules.cs).
/// </summary>
internal static class CombinationChecks
{
    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        foreach (var node in ConfigWalk.SelfAndDescendants(root))
            foreach (var rule in node.Rules)
                switch (rule.Name)
                {
                    case "CropSizeRule": CropSize(node, reporter); break;
                    case "PadTargetRule": PadTarget(node, reporter); break;
                    case "RandomScaleRule": RandomScale(node, reporter); break;
                    case "AveragedLossRule": AveragedLosses(node, rule, reporter); break;
                    case "DenseSamplingRule": DenseSampling(node, reporter); break;
                }
    }

    private static void CropSize(IConfigView node, ICheckReporter reporter)
    {
        var type = node.Value(RuleContracts.CropType) as string ?? "absolute";
        var size = (ValueText.AsList(node.Value(RuleContracts.CropSize)) ?? new List<object?>()).Select(ValueText.AsDouble).ToList();
        if (size.Count != 2 || size.Any(v => v is null)) return; // DET504 / DET501 report these
        double a = size[0]!.Value, b = size[1]!.Value;
        string? problem = type switch
        {
            "absolute" when !(Whole(a) && Whole(b)) => "with CropType 'absolute' it is (width, height) in whole pixels above 0",
            "absolute_range" when !(Whole(a) && Whole(b) && a <= b) => "with CropType 'absolute_range' it is (min, max) in whole pixels above 0, min <= max",
            "relative" or "relative_range" when !(Ratio(a) && Ratio(b)) =>
                "with CropType '" + type + "' it is (width, height) ratios in (0, 1]; set CropSize, the default is in pixels",
            _ => null,
        };
        if (problem is not null) Report(reporter, node, RuleContracts.CropSize, problem);
    }

    private static void PadTarget(IConfigView node, ICheckReporter reporter)
    {
        var size = ValueText.AsList(node.Value(RuleContracts.Size));
        var hasSize = size is not null && size.Count > 0;
        var hasDivisor = (ValueText.AsLong(node.Value(RuleContracts.SizeDivisor)) ?? 0) > 0;
        var square = node.Value(RuleContracts.PadToSquare) is true;
        if (square && hasSize)
            Report(reporter, node, RuleContracts.Size, "PadToSquare is true, so Size must be empty (MMCV's Pad)");
        else if (!square && hasSize && hasDivisor)
            Report(reporter, node, RuleContracts.SizeDivisor, "Size is set too; MMCV's Pad takes exactly one of size and size_divisor");
        else if (!square && !hasSize && !hasDivisor)
            Report(reporter, node, RuleContracts.SizeDivisor, "Pad needs a target: set Size, SizeDivisor or PadToSquare");
    }

    private static void RandomScale(IConfigView node, ICheckReporter reporter)
    {
        var scale = ValueText.AsList(node.Value(RuleContracts.Scale))?.Count ?? 0;
        var range = ValueText.AsList(node.Value(RuleContracts.RatioRange))?.Count ?? 0;
        if (range is not (0 or 2))
            Report(reporter, node, RuleContracts.RatioRange, "it is (min, max)");
        else if (range == 2 && scale != 2)
            Report(reporter, node, RuleContracts.Scale, "with RatioRange it is one (width, height) scale");
        else if (range == 0 && scale != 4)
            Report(reporter, node, RuleContracts.Scale, "without RatioRange it is two bounding (width, height) scales, e.g. [1333, 640, 1333, 800]");
    }

    private static void AveragedLosses(IConfigView head, RuleView rule, ICheckReporter reporter)
    {
        foreach (var key in (ValueText.AsList(rule.Arg("Slots")) ?? new List<object?>()).OfType<string>())
        {
            var loss = head.Slot(key);
            if (loss is null || !loss.PropertyNames.Contains(RuleContracts.Reduction)) continue;
            if (loss.Value(RuleContracts.Reduction) is string reduction && reduction != "mean")
                Report(reporter, loss, RuleContracts.Reduction,
                    head.TypeName + " averages " + key + " by its avg_factor, so the reduction must be 'mean' (MMDetection refuses 'sum' with an avg_factor; 'none' leaves per-element losses)");
        }
    }

    private static void DenseSampling(IConfigView settings, ICheckReporter reporter)
    {
        var sampler = settings.Slot("sampler");
        if (sampler is null || !sampler.PropertyNames.Contains(RuleContracts.AddGtAsProposals)) return;
        if (sampler.Value(RuleContracts.AddGtAsProposals) is true)
            Report(reporter, sampler, RuleContracts.AddGtAsProposals,
                "a dense head samples among its own anchors or points and cannot add ground-truth boxes as priors (MMDetection's RPN configs set it false)");
    }

    private static void Report(ICheckReporter reporter, IConfigView node, string property, string problem) =>
        reporter.Report(DiagnosticCatalog.ValuesConflict, new[] { new Blame(node, property), new Blame(node) },
            node.TypeName, property, ValueText.Format(node.Value(property)), problem);

    private static bool Whole(double v) => v > 0 && v == System.Math.Floor(v);

    private static bool Ratio(double v) => v > 0 && v <= 1;
}
