using System.Linq;
using Detect.Generators.Emit;
using Detect.Generators.Merge;
using Detect.Generators.Model;
using Detect.Generators.Parse;
using Detect.Generators.Validate;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Detect.Generators;

/// <summary>
/// Expands typed configs. Experiments and parts: Parse → Merge → Validate → Emit, each step a cached
/// value-equal model, so an edit elsewhere leaves them untouched. Config attribute classes: Parse →
/// Emit of their config records.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ConfigGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (tests check they stay cached).</summary>
    public static class Steps
    {
        public const string Parsed = "Parsed";
        public const string Merged = "Merged";
        public const string Generated = "Generated";
        public const string Components = "Components";
        public const string Diagnostics = "Diagnostics";
        public const string Registry = "Registry";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var experiments = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.ExperimentAttribute,
            static (node, _) => node is TypeDeclarationSyntax, static (ctx, ct) => ExperimentParser.Parse(ctx, isExperiment: true, ct));
        var parts = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.ConfigPartAttribute,
            static (node, _) => node is TypeDeclarationSyntax, static (ctx, ct) => ExperimentParser.Parse(ctx, isExperiment: false, ct));
        var generated = Generate(experiments);
        var partsChecked = Generate(parts);
        context.RegisterSourceOutput(generated, static (spc, g) => AddSource(spc, g));
        // Parts are validated on their own and inside every experiment that uses them: report each finding once.
        var findings = generated.Select(static (g, _) => g.Diagnostics).Collect()
            .Combine(partsChecked.Select(static (g, _) => g.Diagnostics).Collect())
            .WithTrackingName(Steps.Diagnostics);
        context.RegisterSourceOutput(findings, static (spc, all) => Report(spc, all.Left.Concat(all.Right)));

        var components = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.RegisterAttribute,
            static (node, _) => node is ClassDeclarationSyntax, static (ctx, ct) => ComponentParser.Parse(ctx, ct));
        var kinds = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.ComponentKindAttribute,
            static (node, _) => node is ClassDeclarationSyntax, static (ctx, ct) => ComponentParser.Parse(ctx, ct));
        context.RegisterSourceOutput(components.Where(static c => c is not null).WithTrackingName(Steps.Components), static (spc, c) => Output(spc, c!));
        context.RegisterSourceOutput(kinds.Where(static c => c is not null), static (spc, c) => Output(spc, c!));

        // One registry per assembly: its experiments and concrete config records, found at run time without type scans.
        var registry = generated.Select(static (g, _) => g.Entry).Where(static e => e is not null).Collect()
            .Combine(components.Where(static c => c?.RegistryEntry is not null).Select(static (c, _) => c!.RegistryEntry!).Collect())
            .Combine(context.CompilationProvider.Select(static (c, _) => RegistryEmitter.Target(c)))
            .WithTrackingName(Steps.Registry);
        context.RegisterSourceOutput(registry, static (spc, r) => RegistryEmitter.Add(spc, r.Right, r.Left.Left!, r.Left.Right));
    }

    private static IncrementalValuesProvider<GeneratedExperiment> Generate(IncrementalValuesProvider<ExperimentModel?> parsed) =>
        parsed.Where(static m => m is not null).WithTrackingName(Steps.Parsed)
            .Select(static (m, _) => ConfigMerger.Merge(m!)).WithTrackingName(Steps.Merged)
            .Select(static (m, _) => new GeneratedExperiment(
                m.Target.FullName + ".g.cs",
                m.Target.CanEmit ? ExperimentEmitter.Emit(m) : null,
                ExperimentValidator.Validate(m).Select(d => d with { Location = d.Location ?? m.Target.Location }).ToEquatableArray(),
                m.Target.IsExperiment && m.Target.CanEmit ? new RegistryEntry(m.Target.Name, "global::" + m.Target.FullName) : null)).WithTrackingName(Steps.Generated);

    private static void AddSource(SourceProductionContext context, GeneratedExperiment experiment)
    {
        if (experiment.Source is not null) context.AddSource(experiment.HintName, experiment.Source);
    }

    private static void Report(SourceProductionContext context, System.Collections.Generic.IEnumerable<EquatableArray<DiagnosticInfo>> findings)
    {
        foreach (var info in findings.SelectMany(f => f).GroupBy(d => (d.Id, d.Location)).Select(g => g.First()))
            context.ReportDiagnostic(DiagnosticDescriptors.Create(info, null));
    }

    private static void Output(SourceProductionContext context, ComponentModel component)
    {
        foreach (var info in component.Diagnostics) context.ReportDiagnostic(DiagnosticDescriptors.Create(info, null));
        context.AddSource((component.Namespace is null ? "" : component.Namespace + ".") + component.RecordName + ".g.cs", ComponentEmitter.Emit(component));
    }
}
