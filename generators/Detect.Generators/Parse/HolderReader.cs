using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Detect.Generators.Parse;

/// <summary>
/// Reads a config type into a <see cref="HolderModel"/>: its config attributes in declaration order
/// (with argument positions when in source), its base record and its base parts, recursively.
/// </summary>
internal sealed class HolderReader(DescriptorReader descriptors, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
{
    private const int MaxDepth = 32;

    public HolderModel Read(INamedTypeSymbol type, int depth = 0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var attributes = new List<AttributeUse>();
        AttributeData? baseParts = null;
        foreach (var data in type.GetAttributes())
        {
            if (SymbolFacts.IsVocabulary(data.AttributeClass, "BasePartsAttribute")) baseParts = data;
            else if (SymbolFacts.IsVocabulary(data.AttributeClass, "UnsetAttribute")) attributes.Add(ReadUnset(data));
            else if (SymbolFacts.IsComponentAttribute(data.AttributeClass) && !SymbolFacts.IsVocabulary(data.AttributeClass, "ExperimentAttribute"))
                attributes.Add(ReadUse(data));
        }
        var part = SymbolFacts.Find(type, "ConfigPartAttribute");
        var partKind = part is { ConstructorArguments.Length: 1 } ? ValueReader.FromTypedConstant(part.ConstructorArguments[0]).Text : null;
        HolderModel? baseHolder = null;
        if (depth < MaxDepth && type.BaseType is { } b && IsHolder(b)) baseHolder = Read(b, depth + 1);
        var parts = new List<HolderModel>();
        if (baseParts is not null && depth < MaxDepth) parts.AddRange(ReadParts(baseParts, depth));
        return new HolderModel(type.Name, SourceSpan.From(type.Locations.FirstOrDefault()), partKind, attributes.ToEquatableArray(), baseHolder, parts.ToEquatableArray());
    }

    /// <summary>A base type that carries configs: an experiment, a part, or any type with config attributes.</summary>
    public static bool IsHolder(INamedTypeSymbol type) =>
        type.SpecialType != SpecialType.System_Object && type.GetAttributes().Any(a =>
            SymbolFacts.IsComponentAttribute(a.AttributeClass) || SymbolFacts.IsVocabulary(a.AttributeClass, "ConfigPartAttribute"));

    private IEnumerable<HolderModel> ReadParts(AttributeData data, int depth)
    {
        var syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var values = data.ConstructorArguments.SelectMany(a => a.Kind == TypedConstantKind.Array ? (IEnumerable<TypedConstant>)a.Values : new[] { a }).ToList();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Value is not INamedTypeSymbol partType) continue;
            if (SymbolFacts.Find(partType, "ConfigPartAttribute") is null)
            {
                var argument = syntax?.ArgumentList is { } list && i < list.Arguments.Count ? list.Arguments[i] : (SyntaxNode?)syntax;
                diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.NotAPart.Id, SourceSpan.From(argument), new[] { partType.Name }.ToEquatableArray()));
                continue;
            }
            yield return Read(partType, depth + 1);
        }
    }

    /// <summary>An [Unset("path")] use, kept in declaration order among the component attributes; its path reads as an At argument.</summary>
    private AttributeUse ReadUnset(AttributeData data)
    {
        var syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var path = data.ConstructorArguments.Length == 1 ? ValueReader.FromTypedConstant(data.ConstructorArguments[0]) : ConfigValue.Null;
        var where = SourceSpan.From((SyntaxNode?)syntax?.ArgumentList?.Arguments.FirstOrDefault() ?? syntax);
        return new AttributeUse(KnownNames.UnsetAttribute, SourceSpan.From(syntax), new[] { new ArgumentUse("At", path, where) }.ToEquatableArray());
    }

    private AttributeUse ReadUse(AttributeData data)
    {
        descriptors.Read(data.AttributeClass!);
        var syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        var arguments = SymbolFacts.Arguments(data).Select(a =>
        {
            AttributeArgumentSyntax? argSyntax = a.Position >= 0
                ? positional is not null && a.Position < positional.Count ? positional[a.Position] : null
                : syntax?.ArgumentList?.Arguments.FirstOrDefault(x => x.NameEquals?.Name.Identifier.ValueText == a.Name);
            return new ArgumentUse(a.Name, ValueReader.FromTypedConstant(a.Value), SourceSpan.From(argSyntax));
        });
        return new AttributeUse(TypeNames.Plain(data.AttributeClass!), SourceSpan.From(syntax), arguments.ToEquatableArray());
    }
}
