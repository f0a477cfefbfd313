using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Parse;

/// <summary>
/// Plans a config record's <c>Build()</c>: the seam between configs and components. Config properties
/// are passed to the constructor parameter of the same name in camelCase (<c>OutIndices</c> →
/// <c>outIndices</c>), converted where needed (lists to arrays, enums by member name, sub-slots
/// built). A property without a parameter (DET106) or a required parameter without a property
/// (DET107) is an error in the project that declares the attribute.
/// </summary>
internal sealed class BuildPlanner(Compilation compilation, INamedTypeSymbol attribute, ComponentDescriptor descriptor, List<DiagnosticInfo> diagnostics)
{
    private const string Convert = "global::Detect.Config.ConfigConvert";
    private const string Build = "global::Detect.Config.ConfigBuild";

    public BuildPlan Plan(string? builds, SourceSpan? registerLocation)
    {
        var self = DescriptorReader.ConfigTypeName(attribute);
        if (builds is null) return new BuildPlan(null, attribute.IsSealed ? self : "object", null, default);
        var target = compilation.GetTypeByMetadataName(builds);
        if (target is null)
            return new BuildPlan(null, "object", descriptor.TypeName + " (" + builds + ") is not part of this build yet: the config describes it, but the component is not implemented.", default);
        var constructor = target.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).OrderByDescending(c => c.Parameters.Length).FirstOrDefault();
        var parameters = constructor?.Parameters ?? ImmutableParameters.Empty;
        var used = new HashSet<string>();
        var arguments = new List<BuildArgument>();
        foreach (var member in Members())
        {
            if (SymbolFacts.Find(member, KnownNames.ConfigOnly) is not null) continue;
            var name = SymbolFacts.StringArgument(SymbolFacts.Find(member, KnownNames.Parameter), "Name") ?? ConfigNaming.ToCamelCase(member.Name);
            var parameter = parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.NoSuchParameter.Id, SourceSpan.From(member.Locations.FirstOrDefault()) ?? registerLocation,
                    new[] { member.ContainingType.Name, member.Name, name, target.Name }.ToEquatableArray()));
                continue;
            }
            used.Add(name);
            arguments.Add(new BuildArgument(name, Argument(member, parameter)));
        }
        foreach (var parameter in parameters.Where(p => !used.Contains(p.Name) && !p.IsOptional && !p.IsParams))
            diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.ParameterNotProvided.Id, registerLocation,
                new[] { target.Name, parameter.Name, TypeNames.Plain(parameter.Type), attribute.Name, "" }.ToEquatableArray()));
        // Typed return where the record cannot be derived from (a derived record may build a type unrelated to this one).
        var returnType = attribute.IsSealed && target.IsReferenceType ? TypeNames.Global(target) : "object";
        return new BuildPlan(TypeNames.Global(target), returnType, null, arguments.ToEquatableArray());
    }

    /// <summary>Value properties and sub-slots of the attribute and its bases (variables excluded), base first.</summary>
    private IEnumerable<IPropertySymbol> Members() =>
        SymbolFacts.Lineage(attribute).Reverse().SelectMany(c => c.GetMembers().OfType<IPropertySymbol>())
            .Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic && SymbolFacts.Find(p, KnownNames.Variable) is null)
            .Where(p => DescriptorReader.SlotKind(p.Type) is not null || p.SetMethod is not null);

    private string Argument(IPropertySymbol member, IParameterSymbol parameter)
    {
        var key = Quote(DescriptorReader.Key(member));
        var owner = Quote(descriptor.TypeName);
        var parameterType = TypeNames.Global(parameter.Type);
        if (DescriptorReader.SlotKind(member.Type) is not null)
        {
            if (member.Type is IArrayTypeSymbol)
                return Build + ".List<" + TypeNames.Global(ElementOf(parameter.Type) ?? compilation.GetSpecialType(SpecialType.System_Object)) + ">(" + member.Name + ", " + key + ", " + owner + ")";
            var optional = parameter.IsOptional || parameter.NullableAnnotation == NullableAnnotation.Annotated;
            return Build + (optional ? ".Optional<" : ".Required<") + parameterType + ">(" + member.Name + ", " + key + ", " + owner + ")";
        }
        var source = SourceType(member.Type);
        if (source is not null)
        {
            var conversion = compilation.ClassifyCommonConversion(source, parameter.Type);
            if (conversion.IsImplicit) return member.Name;
            if (conversion.IsNumeric) return "(" + parameterType + ")" + member.Name;
        }
        if (parameter.Type.TypeKind == TypeKind.Enum) return Convert + ".ToEnum<" + parameterType + ">(" + member.Name + ")";
        if (member.Type is IArrayTypeSymbol array && parameter.Type is IArrayTypeSymbol targetArray)
        {
            return compilation.ClassifyCommonConversion(array.ElementType, targetArray.ElementType).IsIdentity
                ? member.Name + ".ToArray()"
                : Convert + ".ToArray<" + TypeNames.Global(targetArray.ElementType) + ">(" + member.Name + ", " + key + ")";
        }
        return Convert + ".To<" + parameterType + ">(" + member.Name + ", " + key + ")";
    }

    /// <summary>The record property's type as a symbol (lists become ValueList&lt;T&gt;).</summary>
    private ITypeSymbol? SourceType(ITypeSymbol attributeType)
    {
        if (attributeType is not IArrayTypeSymbol array) return attributeType;
        return compilation.GetTypeByMetadataName(KnownNames.ValueList)?.Construct(array.ElementType);
    }

    private static ITypeSymbol? ElementOf(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol a => a.ElementType,
        INamedTypeSymbol { IsGenericType: true } g when g.TypeArguments.Length == 1 => g.TypeArguments[0],
        _ => null,
    };

    private static string Quote(string text) => TypeNames.Literal(text);

    private static class ImmutableParameters
    {
        public static readonly System.Collections.Immutable.ImmutableArray<IParameterSymbol> Empty = System.Collections.Immutable.ImmutableArray<IParameterSymbol>.Empty;
    }
}
