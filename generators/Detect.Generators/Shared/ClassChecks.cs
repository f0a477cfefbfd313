using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>NumClasses of every head against the dataset's classes (DET205), or between heads when no dataset is configured (DET206).</summary>
internal static class ClassChecks
{
    private static readonly string[] Loaders = { "train_dataloader", "val_dataloader", "test_dataloader" };

    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        var model = root.Slot("model");
        if (model is null) return;
        var heads = ConfigWalk.Descendants(model).Where(n => n.Rules.Any(r => r.Name == "NumClassesRule")).ToList();
        if (heads.Count == 0) return;
        var dataset = Loaders.Select(l => root.Slot(l)?.Slot("dataset")).FirstOrDefault(d => d is not null && d.Rules.Any(r => r.Name == "DatasetClassesRule"));
        if (dataset is not null && ClassCount(dataset) is { } count)
        {
            var classes = ValueText.AsList(dataset.Value(RuleContracts.Classes));
            var origin = classes is { Count: > 0 } ? dataset.Origin(RuleContracts.Classes) : "the default of " + dataset.TypeName;
            foreach (var head in heads)
            {
                var numClasses = ValueText.AsLong(head.Value(RuleContracts.NumClasses));
                if (numClasses is null || numClasses == count) continue;
                reporter.Report(DiagnosticCatalog.ClassesVsDataset,
                    new[] { new Blame(head, RuleContracts.NumClasses), new Blame(dataset, RuleContracts.Classes), new Blame(head), new Blame(dataset) },
                    head.TypeName, numClasses.Value, head.Origin(RuleContracts.NumClasses), count, dataset.Path, origin);
            }
            return;
        }
        var first = heads[0];
        var expected = ValueText.AsLong(first.Value(RuleContracts.NumClasses));
        foreach (var head in heads.Skip(1))
        {
            var numClasses = ValueText.AsLong(head.Value(RuleContracts.NumClasses));
            if (numClasses is null || expected is null || numClasses == expected) continue;
            reporter.Report(DiagnosticCatalog.ClassesBetweenHeads, new[] { new Blame(head, RuleContracts.NumClasses), new Blame(first, RuleContracts.NumClasses), new Blame(head) },
                head.TypeName, numClasses.Value, head.Origin(RuleContracts.NumClasses), first.TypeName, expected.Value, first.Origin(RuleContracts.NumClasses));
        }
    }

    /// <summary>The dataset's class count: its selected classes, else its rule's default (0: unknown).</summary>
    public static long? ClassCount(IConfigView dataset)
    {
        var classes = ValueText.AsList(dataset.Value(RuleContracts.Classes));
        if (classes is { Count: > 0 }) return classes.Count;
        var rule = dataset.Rules.First(r => r.Name == "DatasetClassesRule");
        var count = ValueText.AsLong(rule.Arg("DefaultCount")) ?? 0;
        return count > 0 ? count : null;
    }
}
