using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>
/// Evaluators against the model: a mask metric (CocoMetric with <c>segm</c>) needs a model that predicts masks (DET305).
/// MMDetection finds out at the first evaluation, after a whole epoch, with a KeyError on <c>masks</c>.
/// </summary>
internal static class EvaluatorChecks
{
    private const string Segm = "segm";

    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        var model = root.Slot("model");
        if (model is null || ConfigWalk.Descendants(model).Any(n => n.Rules.Any(r => r.Name == "NeedsMasksRule"))) return;
        // evaluator flows into val_evaluator and test_evaluator: one report per place the metric was set.
        var reported = new HashSet<string>();
        foreach (var key in new[] { "val_evaluator", "test_evaluator" })
        {
            var evaluator = root.Slot(key);
            if (evaluator is null || !evaluator.Rules.Any(r => r.Name == "MaskMetricRule")) continue;
            var metrics = ValueText.AsList(evaluator.Value(RuleContracts.Metric)) ?? new List<object?>();
            if (!metrics.Any(m => m as string == Segm) || !reported.Add(evaluator.Origin(RuleContracts.Metric))) continue;
            reporter.Report(DiagnosticCatalog.MaskMetricWithoutMasks, new[] { new Blame(evaluator, RuleContracts.Metric), new Blame(evaluator) },
                evaluator.TypeName, evaluator.Origin(RuleContracts.Metric), model.TypeName);
        }
    }
}
