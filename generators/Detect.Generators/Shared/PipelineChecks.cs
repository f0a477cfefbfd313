using System.Linq;

namespace Detect.Config.Checks;

/// <summary>
/// Pipelines as typed compositions: each step must consume what the previous one produces
/// (DET301), a loader's pipeline must end with packed inputs (DET302), a model with a mask head
/// needs a train pipeline that loads masks (DET303), Mosaic/MixUp belong to a MultiImageMixDataset's pipeline (DET304),
/// and <c>tta_pipeline</c> loads, then ends with a TestTimeAug whose alternatives map a sample to a sample (DET301, DET306).
/// </summary>
internal static class PipelineChecks
{
    private const string Start = "DataInfo";
    private const string End = "PackedDetInputs";
    private const string Loaded = "PipelineSample";
    private const string Views = "TtaInputs";

    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        foreach (var loaderKey in new[] { "train_dataloader", "val_dataloader", "test_dataloader" })
        {
            var dataset = root.Slot(loaderKey)?.Slot("dataset");
            if (dataset is null) continue;
            CheckDataset(loaderKey, dataset, reporter);
            CheckMixing(dataset, reporter);
        }
        CheckMasks(root, reporter);
        CheckTta(root, reporter);
    }

    // tta_pipeline: DataInfo → ... → TtaInputs (LoadImageFromFile, then TestTimeAug). Inside TestTimeAug every alternative
    // maps a sample to a sample, except that the last step may be one packing transform (MMDetection's [PackDetInputs]).
    private static void CheckTta(IConfigView root, ICheckReporter reporter)
    {
        var steps = root.Items("tta_pipeline");
        if (steps.Count == 0) return;
        CheckOrder("tta_pipeline", steps, Start, "the start of the pipeline", null, reporter);
        var last = steps[steps.Count - 1];
        if (Produces(last) is { } produced && produced != Views)
        {
            reporter.Report(DiagnosticCatalog.TtaPipelineShape, new[] { new Blame(last) },
                "it ends with " + last.TypeName + " (" + produced + "); it must end with TestTimeAug, whose views the model predicts");
            return;
        }
        foreach (var tta in steps.Where(s => s.Rules.Any(r => r.Name == "TtaStepsRule")))
        {
            var choices = tta.Items("transforms");
            for (var i = 0; i < choices.Count; i++)
            {
                var alternatives = choices[i].Items("transforms");
                if (i == choices.Count - 1 && alternatives.Count == 1 && Produces(alternatives[0]) == End) continue;
                foreach (var t in alternatives)
                {
                    var consumes = t.Rules.FirstOrDefault(r => r.Name == "PipelineStep")?.Arg("Consumes") as string;
                    if ((consumes is null || consumes == Loaded) && (Produces(t) is null || Produces(t) == Loaded)) continue;
                    reporter.Report(DiagnosticCatalog.TtaPipelineShape, new[] { new Blame(t) },
                        t.Path + ": " + t.TypeName + " maps " + (consumes ?? "?") + " to " + (Produces(t) ?? "?") +
                        "; TestTimeAug's alternatives map a sample to a sample (a last step may be one PackDetInputs)");
                }
            }
        }
    }

    private static string? Produces(IConfigView step) => step.Rules.FirstOrDefault(r => r.Name == "PipelineStep")?.Arg("Produces") as string;

    // The pipeline that feeds the loader: the dataset's own; a MultiImageMixDataset's mixes loaded samples (its inner
    // dataset's pipeline loads: DataInfo → PipelineSample); a wrapper without a pipeline of its own runs its inner ones'.
    private static void CheckDataset(string loaderKey, IConfigView dataset, ICheckReporter reporter)
    {
        var steps = dataset.Items("pipeline");
        if (dataset.Rules.Any(r => r.Name == "MixingDatasetRule"))
        {
            CheckOrder(loaderKey + " pipeline", steps, Loaded, "the inner dataset's pipeline", End, reporter);
            if (dataset.Slot("dataset") is { } inner)
                CheckOrder(loaderKey + " inner dataset's pipeline", inner.Items("pipeline"), Start, "the start of the pipeline", null, reporter);
            return;
        }
        if (steps.Count > 0)
        {
            CheckOrder(loaderKey + " pipeline", steps, Start, "the start of the pipeline", End, reporter);
            return;
        }
        foreach (var inner in dataset.Items("datasets").Concat(dataset.Slot("dataset") is { } d ? new[] { d } : new IConfigView[0]))
            CheckDataset(loaderKey, inner, reporter);
    }

    // Steps in order from `start` (what `producer` gives); a non-null `end` is what the last step must produce.
    private static void CheckOrder(string name, System.Collections.Generic.IReadOnlyList<IConfigView> steps, string start, string producer, string? end, ICheckReporter reporter)
    {
        if (steps.Count == 0) return;
        string? stage = start;
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
        if (end is not null && stage is not null && stage != end)
        {
            var last = steps[steps.Count - 1];
            reporter.Report(DiagnosticCatalog.NotPacked, new[] { new Blame(last) }, name, last.TypeName, stage);
        }
    }

    // Every dataset of the loader (wrappers and what they wrap): a mixing step outside a mixing dataset's own pipeline.
    private static void CheckMixing(IConfigView dataset, ICheckReporter reporter)
    {
        var mixes = dataset.Rules.Any(r => r.Name == "MixingDatasetRule");
        foreach (var step in dataset.Items("pipeline"))
            if (!mixes && step.Rules.Any(r => r.Name == "MixingTransformRule"))
                reporter.Report(DiagnosticCatalog.MixingOutsideMixDataset, new[] { new Blame(step) }, step.TypeName, dataset.Path, dataset.TypeName);
        foreach (var inner in dataset.Items("datasets").Concat(dataset.Slot("dataset") is { } d ? new[] { d } : new IConfigView[0]))
            CheckMixing(inner, reporter);
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
