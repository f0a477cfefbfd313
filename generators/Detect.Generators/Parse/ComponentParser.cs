using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Detect.Generators.Emit;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Parse;

/// <summary>Parse phase for config attribute classes ([Register] components and [ComponentKind] kinds): symbols in, <see cref="ComponentModel"/> out.</summary>
internal static class ComponentParser
{
    public static ComponentModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || !SymbolFacts.IsComponentAttribute(type) || type.ContainingType is not null) return null;
        var compilation = context.SemanticModel.Compilation;
        var reader = new DescriptorReader(compilation, cancellationToken);
        var descriptor = reader.Read(type);
        var declared = new HashSet<string>(type.GetMembers().OfType<IPropertySymbol>().Select(p => p.Name));
        var properties = new List<RecordProperty>();
        foreach (var p in descriptor.Properties.Where(p => declared.Contains(p.Name)))
        {
            var typeSyntax = p.RecordTypeSyntax;
            var isDefault = p.Default is null || Literals.IsTypeDefault(p.Default);
            properties.Add(new RecordProperty(p.Name, p.Key, typeSyntax,
                p.Type.IsArray ? Literals.Write(p.Default ?? ConfigValue.Null, p.Type) : isDefault ? null : Literals.Write(p.Default!, p.Type),
                isDefault ? null : Literals.WriteAttributeArgument(p.Default!, p.Type), false, p.Type.IsArray ? p.Type.Element : null));
        }
        foreach (var s in descriptor.Slots.Where(s => declared.Contains(s.Name) && !s.IsVariable))
        {
            properties.Add(s.IsList
                ? new RecordProperty(s.Name, s.Key, "global::Detect.Config.ValueList<" + s.KindConfigTypeName + ">", "[]", null, true, s.KindConfigTypeName)
                : new RecordProperty(s.Name, s.Key, s.KindConfigTypeName + "?", null, null, true));
        }
        var inherited = type.IsAbstract ? [] : InheritedDefaults(reader, type, descriptor, declared);
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            DefaultDeclaredTwice(compilation, property, diagnostics, cancellationToken);
        if (!type.IsAbstract) RuleReadsMissing(type, descriptor, diagnostics, cancellationToken);
        if (!type.IsAbstract) SettingsKeysMissing(type, descriptor, diagnostics, cancellationToken);
        var register = SymbolFacts.Find(type, "RegisterAttribute");
        var build = type.IsAbstract ? null : new BuildPlanner(compilation, type, descriptor, diagnostics).Plan(SymbolFacts.TypeArgument(register, "Builds"),
            SourceSpan.From(register?.ApplicationSyntaxReference?.GetSyntax(cancellationToken)));
        var baseType = type.BaseType!;
        return new ComponentModel(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            type.Name,
            Detect.Config.Checks.ConfigNaming.ConfigRecordName(type.Name),
            TypeNames.Plain(baseType) == KnownNames.ComponentAttribute ? KnownNames.ComponentConfig : DescriptorReader.ConfigTypeName(baseType),
            type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "",
            type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
            type.IsAbstract ? null : descriptor.TypeName,
            properties.ToEquatableArray(),
            inherited.ToEquatableArray(),
            build,
            diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// Properties inherited from the kind whose default here (the constructor this attribute builds) differs from the
    /// kind's record's: the concrete record sets them in its constructor (name, value literal).
    /// </summary>
    private static List<RecordProperty> InheritedDefaults(DescriptorReader reader, INamedTypeSymbol type, ComponentDescriptor descriptor, HashSet<string> declared)
    {
        var kind = type.BaseType is { } b && TypeNames.Plain(b) != KnownNames.ComponentAttribute && SymbolFacts.IsComponentAttribute(b) ? reader.Read(b) : null;
        var result = new List<RecordProperty>();
        foreach (var p in descriptor.Properties.Where(p => !declared.Contains(p.Name) && p.Default is not null))
        {
            var own = Literals.Write(p.Default!, p.Type);
            var kindDefault = kind?.Property(p.Name)?.Default;
            var inheritedLiteral = kindDefault is null ? null : Literals.Write(kindDefault, p.Type);
            if (own == inheritedLiteral || kindDefault is null && Literals.IsTypeDefault(p.Default!)) continue;
            result.Add(new RecordProperty(p.Name, p.Key, p.RecordTypeSyntax, own, null, false));
        }
        return result;
    }

    /// <summary>
    /// DET113: a default on the attribute that repeats the one the component's constructor declares. A different
    /// value is a different fact (RPN proposals keep 1000 boxes where a dense head's test settings keep 100) and
    /// stays on the attribute.
    /// </summary>
    private static void DefaultDeclaredTwice(Compilation compilation, IPropertySymbol property, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { Initializer: { } init } syntax) return;
        if (ConstructorDefaults.Find(property) is not { } found) return;
        var declared = ValueReader.FromInitializer(init.Value, compilation.GetSemanticModel(syntax.SyntaxTree), property.Type);
        if (declared is null || !Equals(declared.ToPlain(), found.Value.ToPlain())) return;
        diagnostics.Add(new DiagnosticInfo(Detect.Config.Checks.DiagnosticCatalog.DefaultDeclaredTwice.Id, SourceSpan.From(init.Value),
            new[] { property.ContainingType.Name, property.Name, init.Value.ToString(), found.Parameter.ContainingType.Name, found.Parameter.Name,
                Detect.Config.Checks.ValueText.Format(found.Value.ToPlain()) }.ToEquatableArray()));
    }

    /// <summary>
    /// DET116: the component's kind takes the detector's settings (<c>[ComponentKind(TakesSettings = ...)]</c>: a detector's
    /// <c>[SettingsFor]</c> hands them to whatever head fills the slot), but the component has no slot under one of those keys,
    /// so a detector could not build it with them.
    /// </summary>
    private static void SettingsKeysMissing(INamedTypeSymbol type, ComponentDescriptor descriptor, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var kind in SymbolFacts.Lineage(type))
        {
            if (SymbolFacts.Find(kind, "ComponentKindAttribute") is not { } marker || SymbolFacts.Argument(marker, "TakesSettings") is not { Kind: TypedConstantKind.Array } taken) continue;
            var keys = taken.Values.Select(v => v.Value as string).OfType<string>().ToList();
            var missing = keys.Where(k => descriptor.Slots.All(s => s.Key != k)).ToList();
            if (missing.Count == 0) return;
            var where = SymbolFacts.Find(type, "RegisterAttribute")?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            diagnostics.Add(new DiagnosticInfo(Detect.Config.Checks.DiagnosticCatalog.SettingsKeyMissing.Id, SourceSpan.From(where) ?? SourceSpan.From(type.Locations.FirstOrDefault()),
                new[] { type.Name, kind.Name, string.Join(" and ", keys), string.Join(", ", missing.Select(k => "'" + k + "'")),
                    string.Join(" and ", missing.Select(k => Pascal(k) + " { get; }")) }.ToEquatableArray()));
            return;
        }

        static string Pascal(string key) => string.Concat(key.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w.Substring(1)));
    }

    /// <summary>DET114: the component carries a rule that reads a property it does not have (renamed or removed).</summary>
    private static void RuleReadsMissing(INamedTypeSymbol type, ComponentDescriptor descriptor, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var rule in descriptor.Rules)
        {
            if (!Detect.Config.Checks.RuleContracts.Reads.TryGetValue(rule.Name, out var reads)) continue;
            foreach (var name in reads.Where(n => descriptor.Property(n) is null))
            {
                var where = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == rule.Name + "Attribute")?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
                diagnostics.Add(new DiagnosticInfo(Detect.Config.Checks.DiagnosticCatalog.RuleReadsMissing.Id, SourceSpan.From(where) ?? SourceSpan.From(type.Locations.FirstOrDefault()),
                    new[] { rule.Name, name, type.Name }.ToEquatableArray()));
            }
        }
    }
}
