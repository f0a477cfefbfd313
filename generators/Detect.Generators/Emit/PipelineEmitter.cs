using System.Collections.Generic;
using System.Linq;
using Detect.Generators.Model;

namespace Detect.Generators.Emit;

/// <summary>
/// Writes an experiment's BuildTrainPipeline / BuildTestPipeline as a typed composition,
/// <c>Pipeline.Start&lt;DataInfo&gt;().Then(...)...</c>, each step built from the current config, so the
/// C# compiler checks the chain as Detect.Transforms declares it. Written only when every step builds
/// its own transform type and the declared steps chain from DataInfo to PackedDetInputs; otherwise the
/// override composes at run time (DET301/DET302 have been reported if the order is wrong).
/// </summary>
internal static class PipelineEmitter
{
    public const string PipelineType = "Detect.Transforms.Pipeline";
    public const string InputType = "Detect.Datasets.DataInfo";
    public const string OutputType = "Detect.Transforms.PackedDetInputs";

    private static readonly (string Loader, string Method)[] Pipelines = [("train_dataloader", "BuildTrainPipeline"), ("test_dataloader", "BuildTestPipeline")];

    public static void Write(SourceWriter w, MergedNode root, IReadOnlyDictionary<string, ComponentDescriptor> descriptors)
    {
        foreach (var (loader, method) in Pipelines)
        {
            var steps = root.Slot(loader)?.Items.FirstOrDefault()?.Slot("dataset")?.Items.FirstOrDefault()?.Slot("pipeline")?.Items;
            var key = loader + ".dataset.pipeline";
            var signature = "public override global::" + PipelineType + "<global::" + InputType + ", global::" + OutputType + "> " + method + "()";
            w.Line();
            if (steps is not { Count: > 0 } list || !Chains(list, descriptors))
            {
                // Not expressible as a typed chain (user transforms, no pipeline): compose and check at run time,
                // rather than inherit a base experiment's chain over different steps.
                w.Line("/// <summary>The " + loader + " pipeline, composed and type-checked at run time.</summary>");
                w.Line(signature + " =>");
                w.Line("    global::Detect.Config.PipelineComposer.Compose(global::Detect.Config.PipelineComposer.Steps(Config." + Property(loader) + ", \"" + loader + "\", Name), \"" + key + "\");");
                continue;
            }
            w.Line("/// <summary>The " + loader + " pipeline, composed with the transforms' own types from the current config values.</summary>");
            w.Line(signature);
            w.Open();
            w.Line("const string key = \"" + key + "\";");
            w.Line("var steps = global::Detect.Config.PipelineComposer.Steps(Config." + Property(loader) + ", \"" + loader + "\", Name);");
            w.Line("return global::" + PipelineType + ".Start<global::" + InputType + ">()").Indent();
            for (var i = 0; i < list.Count; i++)
                w.Line(".Then(global::Detect.Config.PipelineComposer.Step<" + descriptors[list[i].AttributeName].ConfigTypeName + ">(steps, " + i + ", key).Build())"
                    + (i == list.Count - 1 ? ";" : ""));
            w.Outdent().Close();
        }
    }

    /// <summary>Every step builds its own type and the declared steps chain DataInfo → … → PackedDetInputs.</summary>
    private static bool Chains(IReadOnlyList<MergedNode> steps, IReadOnlyDictionary<string, ComponentDescriptor> descriptors)
    {
        var stage = "DataInfo";
        foreach (var step in steps)
        {
            if (!descriptors.TryGetValue(step.AttributeName, out var d) || !d.TypedBuild) return false;
            var rule = d.Rules.FirstOrDefault(r => r.Name == "PipelineStep");
            if (rule is null || Arg(rule, "Consumes") != stage) return false;
            stage = Arg(rule, "Produces") ?? "";
        }
        return stage == "PackedDetInputs";
    }

    private static string? Arg(RuleDescriptor rule, string name) => rule.Args.FirstOrDefault(a => a.Name == name)?.Value.Text;

    private static string Property(string key) => string.Concat(key.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
}
