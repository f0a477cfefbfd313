using System.Linq;
using System.Threading;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Parse;

/// <summary>Finds types that carry config attributes but are neither experiments nor parts (DET112).</summary>
internal static class UnmarkedHolder
{
    public static DiagnosticInfo? Check(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol type) return null;
        var attributes = type.GetAttributes();
        if (!attributes.Any(a => SymbolFacts.IsComponentAttribute(a.AttributeClass))) return null;
        if (attributes.Any(a => SymbolFacts.IsVocabulary(a.AttributeClass, "ExperimentAttribute") || SymbolFacts.IsVocabulary(a.AttributeClass, "ConfigPartAttribute")))
            return null;
        // Report once, at the declaration that holds the first config attribute.
        var first = attributes.First(a => SymbolFacts.IsComponentAttribute(a.AttributeClass));
        if (first.ApplicationSyntaxReference?.SyntaxTree != context.Node.SyntaxTree || !context.Node.Span.Contains(first.ApplicationSyntaxReference.Span)) return null;
        return new DiagnosticInfo(DiagnosticCatalog.NotMarked.Id, SourceSpan.From(type.Locations.FirstOrDefault(l => l.SourceTree == context.Node.SyntaxTree)),
            new[] { type.Name }.ToEquatableArray());
    }
}
