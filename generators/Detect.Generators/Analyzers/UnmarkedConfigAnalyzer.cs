using System.Collections.Immutable;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Detect.Generators.Analyzers;

/// <summary>
/// DET112: a type that carries config attributes but is marked neither <c>[Experiment]</c> nor
/// <c>[ConfigPart]</c>, whose attributes would be ignored. It looks at every attributed type, so it is an
/// analyzer (run by the compiler on changed symbols) rather than a step of the generator's pipeline.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnmarkedConfigAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor NotMarked = DiagnosticDescriptors.ById[DiagnosticCatalog.NotMarked.Id];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NotMarked);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Check, SymbolKind.NamedType);
    }

    private static void Check(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attributes = type.GetAttributes();
        if (!attributes.Any(a => SymbolFacts.IsComponentAttribute(a.AttributeClass))) return;
        if (attributes.Any(a => SymbolFacts.IsVocabulary(a.AttributeClass, "ExperimentAttribute") || SymbolFacts.IsVocabulary(a.AttributeClass, "ConfigPartAttribute")))
            return;
        var location = type.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;
        context.ReportDiagnostic(Diagnostic.Create(NotMarked, location, type.Name));
    }
}
