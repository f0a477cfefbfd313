using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Detect.Config.Checks;
using Detect.Generators.Emit;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Detect.Generators.Parse;

/// <summary>
/// Reads config attribute classes into <see cref="ComponentDescriptor"/>s, from source or from
/// metadata: properties and their defaults (initializers in source; the generated config record's
/// <c>[DefaultValue]</c> from metadata), sub-slots, value checks and class-level rules.
/// </summary>
internal sealed class DescriptorReader(Compilation compilation, CancellationToken cancellationToken)
{
    private readonly Dictionary<string, ComponentDescriptor> _read = new();

    public IEnumerable<ComponentDescriptor> All => _read.Values.OrderBy(d => d.FullName, System.StringComparer.Ordinal);

    /// <summary>Reads the class, then (once) the kinds of its sub-slots, so merging can create containers.</summary>
    public ComponentDescriptor Read(INamedTypeSymbol type)
    {
        var name = TypeNames.Plain(type);
        if (_read.TryGetValue(name, out var known)) return known;
        cancellationToken.ThrowIfCancellationRequested();
        var lineage = SymbolFacts.Lineage(type).ToList();
        var properties = new List<PropertyDescriptor>();
        var slots = new List<SlotDescriptor>();
        foreach (var cls in Enumerable.Reverse(lineage))
        {
            foreach (var property in cls.GetMembers().OfType<IPropertySymbol>().Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic))
            {
                if (SlotKind(property.Type) is { } kind)
                    slots.Add(ReadSlot(property, kind));
                else if (property.SetMethod is not null)
                    properties.Add(ReadProperty(property, type));
            }
        }
        var register = SymbolFacts.Find(type, "RegisterAttribute");
        var defaultSlot = SymbolFacts.StringArgument(register, "DefaultSlot")
            ?? lineage.Select(c => SymbolFacts.StringArgument(SymbolFacts.Find(c, "ComponentKindAttribute"), "DefaultSlot")).FirstOrDefault(s => s is not null);
        var descriptor = new ComponentDescriptor(name,
            SymbolFacts.StringArgument(register, "Name") ?? ConfigNaming.AttributeUsageName(type.Name),
            ConfigTypeName(type), type.IsAbstract, lineage.Select(TypeNames.Plain).ToEquatableArray(), defaultSlot,
            properties.ToEquatableArray(), slots.ToEquatableArray(), ReadRules(lineage).ToEquatableArray(),
            type.IsSealed && SymbolFacts.TypeArgument(register, "Builds") is { IsReferenceType: true });
        _read[name] = descriptor;
        foreach (var slot in slots)
            if (compilation.GetTypeByMetadataName(slot.KindName) is { } kindType) Read(kindType);
        return descriptor;
    }

    public static string ConfigTypeName(INamedTypeSymbol attributeType)
    {
        var ns = attributeType.ContainingNamespace is { IsGlobalNamespace: false } n ? "global::" + n.ToDisplayString() + "." : "global::";
        return ns + ConfigNaming.ConfigRecordName(attributeType.Name);
    }

    /// <summary>The kind of a sub-slot property (its type, or its array element type, derives from ComponentAttribute).</summary>
    public static INamedTypeSymbol? SlotKind(ITypeSymbol type)
    {
        var element = type is IArrayTypeSymbol array ? array.ElementType : type;
        return element is INamedTypeSymbol named && SymbolFacts.IsComponentAttribute(named) ? named : null;
    }

    private static SlotDescriptor ReadSlot(IPropertySymbol property, INamedTypeSymbol kind)
    {
        var variable = SymbolFacts.Find(property, KnownNames.Variable);
        var flows = variable is null ? Enumerable.Empty<string>() : variable.ConstructorArguments.SelectMany(a => a.Kind == TypedConstantKind.Array ? (IEnumerable<TypedConstant>)a.Values : new[] { a }).Select(v => v.Value as string ?? "");
        return new SlotDescriptor(property.Name, Key(property), TypeNames.Plain(kind), ConfigTypeName(kind),
            property.Type is IArrayTypeSymbol, SymbolFacts.Find(property, KnownNames.RequiredSlot) is not null, flows.ToEquatableArray());
    }

    private PropertyDescriptor ReadProperty(IPropertySymbol property, INamedTypeSymbol owner)
    {
        var element = property.Type is IArrayTypeSymbol a ? a.ElementType : property.Type;
        var type = new PropertyType(TypeNames.Global(element).TrimEnd('?'), KindOf(element), property.Type is IArrayTypeSymbol);
        var checks = property.GetAttributes()
            .Where(d => d.AttributeClass is { } c && KnownNames.Checks.Contains(c.Name) && c.ContainingNamespace?.ToDisplayString() == KnownNames.Namespace)
            .Select(ReadRule);
        return new PropertyDescriptor(property.Name, Key(property), type, ReadDefault(property, owner) ?? ValueReader.TypeDefault(property.Type), checks.ToEquatableArray());
    }

    public static string Key(IPropertySymbol property) =>
        SymbolFacts.StringArgument(SymbolFacts.Find(property, KnownNames.Key), "Key") ?? ConfigNaming.ToSnakeCase(property.Name);

    public static ValueKind KindOf(ITypeSymbol type) => type.TypeKind == TypeKind.Enum ? ValueKind.Enum : type.SpecialType switch
    {
        SpecialType.System_Boolean => ValueKind.Bool,
        SpecialType.System_String => ValueKind.String,
        SpecialType.System_Double or SpecialType.System_Single => ValueKind.Double,
        SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte => ValueKind.Int,
        _ => TypeNames.Plain(type) == "System.Type" ? ValueKind.Type : ValueKind.Null,
    };

    /// <summary>
    /// The property's default: its initializer in source, else the constructor parameter it feeds
    /// (<see cref="ConstructorDefaults"/>); from metadata, the generated record's [DefaultValue]. A property
    /// <paramref name="owner"/> inherits from its kind without a default there takes it from the constructor
    /// <paramref name="owner"/> builds, in source or metadata alike (the kind's record cannot know it).
    /// </summary>
    private ConfigValue? ReadDefault(IPropertySymbol property, INamedTypeSymbol owner)
    {
        var declared = DeclaredDefault(property);
        if (declared is null || !SymbolEqualityComparer.Default.Equals(property.ContainingType, owner) && Literals.IsTypeDefault(declared))
            return ConstructorDefaults.Find(property, owner)?.Value ?? declared;
        return declared;
    }

    /// <summary>The default where <paramref name="property"/> is declared: its initializer, else the constructor it feeds; from metadata, the record's [DefaultValue].</summary>
    private ConfigValue? DeclaredDefault(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is PropertyDeclarationSyntax { Initializer: { } init } syntax)
                return ValueReader.FromInitializer(init.Value, compilation.GetSemanticModel(syntax.SyntaxTree), property.Type);
            return ConstructorDefaults.Find(property)?.Value;
        }
        var record = compilation.GetTypeByMetadataName(ConfigTypeName(property.ContainingType).Substring("global::".Length));
        var mirror = record?.GetMembers(property.Name).OfType<IPropertySymbol>().FirstOrDefault();
        var attribute = mirror?.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "DefaultValueAttribute");
        if (attribute is null || attribute.ConstructorArguments.Length != 1) return null;
        return ValueReader.FromTypedConstant(attribute.ConstructorArguments[0]);
    }

    /// <summary>Class-level rules; for each rule name the most derived class that declares it wins.</summary>
    private static IEnumerable<RuleDescriptor> ReadRules(IEnumerable<INamedTypeSymbol> lineage)
    {
        var seen = new HashSet<string>();
        foreach (var cls in lineage)
        {
            var declared = cls.GetAttributes().Where(IsRule).ToList();
            foreach (var group in declared.GroupBy(d => d.AttributeClass!.Name))
            {
                if (!seen.Add(group.Key)) continue;
                foreach (var data in group) yield return ReadRule(data);
            }
        }
    }

    private static bool IsRule(AttributeData data) =>
        data.AttributeClass is { } c && c.ContainingNamespace?.ToDisplayString() == KnownNames.Namespace &&
        (c.Name.EndsWith("RuleAttribute", System.StringComparison.Ordinal) || c.Name == "PipelineStepAttribute");

    public static RuleDescriptor ReadRule(AttributeData data) => new(
        ConfigNaming.AttributeUsageName(data.AttributeClass!.Name),
        SymbolFacts.Arguments(data).Select(a => new NamedValue(a.Name, ValueReader.FromTypedConstant(a.Value))).ToEquatableArray());
}
