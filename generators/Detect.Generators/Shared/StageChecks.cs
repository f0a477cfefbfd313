using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>
/// DET208: a multi-stage RoI head's per-stage lists (its heads, <c>stage_loss_weights</c>) and the detector's per-stage
/// settings (<c>train_cfg.rcnn</c> of a multi-stage <c>train_cfg</c>) have one item per stage. The RoI head says how many
/// stages it has through <c>[RoIStagesRule]</c> (<c>num_stages</c>); any other RoI head has one.
/// </summary>
internal static class StageChecks
{
    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        var model = root.Slot("model");
        var roiHead = model?.Slot("roi_head");
        if (model is null || roiHead is null) return;
        var rule = roiHead.Rules.FirstOrDefault(r => r.Name == "RoIStagesRule");
        long stages = 1;
        var stagesOrigin = "one stage";
        if (rule is not null)
        {
            if (ValueText.AsLong(roiHead.Value(RuleContracts.NumStages)) is not { } numStages) return;
            stages = numStages;
            stagesOrigin = "num_stages " + roiHead.Origin(RuleContracts.NumStages);
            if (ValueText.AsList(roiHead.Value(RuleContracts.StageLossWeights)) is { } weights && weights.Count != stages)
                Report(reporter, new Blame(roiHead, RuleContracts.StageLossWeights), roiHead.Path + ".stage_loss_weights", weights.Count,
                    roiHead.Origin(RuleContracts.StageLossWeights), roiHead, stages, stagesOrigin);
            foreach (var (headsKey, optional) in new[] { (rule.Arg("Heads") as string ?? "bbox_head", false), (rule.Arg("OptionalHeads") as string, true) })
            {
                if (headsKey is null) continue;
                var heads = roiHead.Items(headsKey);
                if (heads.Count != stages && !(optional && heads.Count == 0))
                    Report(reporter, new Blame(heads.Count > 0 ? heads[heads.Count - 1] : roiHead), roiHead.Path + "." + headsKey, heads.Count,
                        ItemsOrigin(heads), roiHead, stages, stagesOrigin);
            }
        }
        foreach (var settings in ConfigWalk.Descendants(model).Where(n => n.Rules.Any(r => r.Name == "PerStageRule")))
        {
            var key = settings.Rules.First(r => r.Name == "PerStageRule").Arg("Key") as string ?? "rcnn";
            var items = settings.Items(key);
            if (items.Count != stages)
                Report(reporter, new Blame(items.Count > 0 ? items[items.Count - 1] : settings), settings.Path + "." + key, items.Count,
                    ItemsOrigin(items), roiHead, stages, stagesOrigin);
        }
    }

    private static string ItemsOrigin(IReadOnlyList<IConfigView> items) => items.Count == 0 ? "none set" : items[items.Count - 1].TypeOrigin;

    private static void Report(ICheckReporter reporter, Blame culprit, string key, int count, string origin, IConfigView roiHead, long stages, string stagesOrigin) =>
        reporter.Report(DiagnosticCatalog.StageCount, new[] { culprit, new Blame(roiHead) }, key, count, origin, roiHead.TypeName, stages, stagesOrigin);
}
