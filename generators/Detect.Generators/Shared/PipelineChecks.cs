using System.Linq;

namespace Detect.Config.Checks;

/// <summary>
/// Pipelines as typed compositions: each step must consume what the previous one produces
/// (DET301), a loader's pipeline must end with packed inputs (DET302), and a model with a mask head
/// needs a train pipeline that loads masks (DET303).
/// </summary>
internal static class PipelineChecks
{
    private const string Start = "DataInfo";
    private const string End = "PackedDetInputs";

    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        foreach (var loaderKey in new[] { "train_dataloader", "val_dataloader", "test_dataloader" })
        {
            var dataset = root.Slot(loaderKey)?.Slot("dataset");
            if (dataset is null) continue;
            CheckOrder(loaderKey, dataset.Items("pipeline"), reporter);
        }
        CheckMasks(root, reporter);
    }

    private static void CheckOrder(string loaderKey, System.Collections.Generic.IReadOnlyList<IConfigView> steps, ICheckReporter reporter)
    {
        if (steps.Count == 0) return;
        var name = loaderKey + " pipeline";
        string? stage = Start;
        var producer = "the start of the pipeline";
        foreach (var step in steps)
        {
            var rule = step.Rules.FirstOrDefault(r => r.Name == "PipelineStep");
            if (rule is null)
            {
                stage = null; // a transform without a declared step: unknown from here on
                continue;
            }
            var consumes = rule.Arg("Consumes") as string;
            if (stage is not null && consumes != stage)
            {
                // The first misplaced transform is the error; what follows it would only repeat it.
                reporter.Report(DiagnosticCatalog.StepOutOfOrder, new[] { new Blame(step) }, step.TypeName, name, consumes ?? "?", producer, stage);
                return;
            }
            stage = rule.Arg("Produces") as string;
            producer = step.TypeName;
        }
        if (stage is not null && stage != End)
        {
            var last = steps[steps.Count - 1];
            reporter.Report(DiagnosticCatalog.NotPacked, new[] { new Blame(last) }, name, last.TypeName, stage);
        }
    }

    private static void CheckMasks(IConfigView root, ICheckReporter reporter)
    {
        var model = root.Slot("model");
        var maskHead = model is null ? null : ConfigWalk.Descendants(model).FirstOrDefault(n => n.Rules.Any(r => r.Name == "NeedsMasksRule"));
        var dataset = root.Slot("train_dataloader")?.Slot("dataset");
        if (maskHead is null || dataset is null) return;
        var steps = dataset.Items("pipeline");
        if (steps.Count == 0) return;
        var loader = steps.FirstOrDefault(s => s.Rules.Any(r => r.Name == "AnnotationLoaderRule"));
        if (loader is null)
        {
            reporter.Report(DiagnosticCatalog.MasksNotLoaded, new[] { new Blame(steps[0]), new Blame(maskHead) },
                model!.TypeName, "the train pipeline loads no annotations");
            return;
        }
        var flag = loader.Rules.First(r => r.Name == "AnnotationLoaderRule").Arg("MaskFlag") as string ?? "WithMask";
        if (loader.Value(flag) is true) return;
        reporter.Report(DiagnosticCatalog.MasksNotLoaded, new[] { new Blame(loader, flag), new Blame(loader), new Blame(maskHead) },
            model!.TypeName, loader.TypeName + "." + flag + " is " + ValueText.Format(loader.Value(flag)) + " (" + loader.Origin(flag) + ")");
    }
}
