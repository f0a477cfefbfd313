using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Detect.Config.Checks;
using Detect.Generators.Emit;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Detect.Generators.Parse;

/// <summary>Parse phase for experiments and base parts: symbols in, <see cref="ExperimentModel"/> (plain values) out.</summary>
internal static class ExperimentParser
{
    public static ExperimentModel? Parse(GeneratorAttributeSyntaxContext context, bool isExperiment, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return null;
        var compilation = context.SemanticModel.Compilation;
        var diagnostics = new List<DiagnosticInfo>();
        var descriptors = new DescriptorReader(compilation, cancellationToken);
        if (compilation.GetTypeByMetadataName(KnownNames.ExperimentAttribute) is { } root) descriptors.Read(root);
        var holder = new HolderReader(descriptors, diagnostics, cancellationToken).Read(type);
        var target = ReadTarget(type, isExperiment, diagnostics);
        return new ExperimentModel(target, holder, descriptors.All.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static TargetModel ReadTarget(INamedTypeSymbol type, bool isExperiment, List<DiagnosticInfo> diagnostics)
    {
        var location = SourceSpan.From(type.Locations.FirstOrDefault());
        var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
        var isPartialRecord = declarations.All(d => d is RecordDeclarationSyntax r && !r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword))
            && declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
        var canEmit = isExperiment;
        if (isExperiment && !isPartialRecord)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.NotPartialRecord.Id, location,
                new[] { type.Name, type.IsGenericType ? " and not generic" : "" }.ToEquatableArray()));
            canEmit = false;
        }
        var addsBase = false;
        var baseIsExperiment = false;
        if (isExperiment && type.BaseType is { } baseType)
        {
            var baseName = TypeNames.Plain(baseType);
            baseIsExperiment = SymbolFacts.Find(baseType, "ExperimentAttribute") is not null;
            if (baseType.SpecialType == SpecialType.System_Object) addsBase = true;
            else if (baseName != KnownNames.ExperimentBase && SymbolFacts.Find(baseType, "ExperimentAttribute") is null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.BaseNotExperiment.Id, location, new[] { type.Name, baseType.Name }.ToEquatableArray()));
                canEmit = false;
            }
        }
        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            containing.Insert(0, (outer.IsRecord ? "partial record " : outer.TypeKind == TypeKind.Struct ? "partial struct " : "partial class ") + outer.Name);
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        return new TargetModel(type.Name, TypeNames.Plain(type), ns, containing.ToEquatableArray(), isExperiment, canEmit && type.TypeParameters.Length == 0, addsBase,
            baseIsExperiment, location);
    }
}
