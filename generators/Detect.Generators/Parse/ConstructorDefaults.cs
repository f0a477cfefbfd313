using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Parse;

/// <summary>
/// The one home of a component's defaults is its constructor: a config property of an attribute that builds a
/// component takes its default from the constructor parameter it feeds (<c>ResNet(int depth = 50, ...)</c> makes
/// <c>[ResNet] Depth</c> default to 50), so the attribute, the generated record and the component cannot disagree.
/// Only scalar defaults (numbers, booleans, enums, non-null strings) live there; lists cannot be C# parameter
/// defaults, so list defaults stay on the attribute. A property inherited from an abstract kind takes its default
/// from the constructor of the concrete attribute being read (the owner), since the kind builds nothing.
/// </summary>
internal static class ConstructorDefaults
{
    /// <summary>The explicit default of the parameter <paramref name="property"/> feeds in what <paramref name="owner"/> builds, or null.</summary>
    /// <param name="property">A property of <paramref name="owner"/>, declared on it or inherited from its kind.</param>
    /// <param name="owner">The attribute whose <c>Builds</c> constructor is read; its own type when null.</param>
    public static (ConfigValue Value, IParameterSymbol Parameter)? Find(IPropertySymbol property, INamedTypeSymbol? owner = null)
    {
        if (SymbolFacts.TypeArgument(SymbolFacts.Find(owner ?? property.ContainingType, "RegisterAttribute"), "Builds") is not { } builds) return null;
        if (SymbolFacts.Find(property, KnownNames.ConfigOnly) is not null || SymbolFacts.Find(property, KnownNames.Variable) is not null) return null;
        var name = SymbolFacts.StringArgument(SymbolFacts.Find(property, KnownNames.Parameter), "Name") ?? ConfigNaming.ToCamelCase(property.Name);
        var parameter = builds.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .SelectMany(c => c.Parameters)
            .FirstOrDefault(p => p.Name == name && p.HasExplicitDefaultValue && p.ExplicitDefaultValue is not null);
        if (parameter is null) return null;
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : parameter.Type;
        // An enum default must be of the property's enum type to mean the same member.
        if (type.TypeKind == TypeKind.Enum && !SymbolEqualityComparer.Default.Equals(type, property.Type)) return null;
        return (ValueReader.FromConstant(parameter.ExplicitDefaultValue, type.TypeKind == TypeKind.Enum ? type : property.Type), parameter);
    }
}
