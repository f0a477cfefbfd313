using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Parse;

/// <summary>
/// Plans a config record's <c>Build()</c>: the seam between configs and components. Each config
/// property goes to the constructor parameter of the same name in camelCase (<c>OutIndices</c> →
/// <c>outIndices</c>), or else to a settable property of the same name (option records such as
/// <c>NormConfig</c>). Among several constructors the one that takes most of the config wins. A
/// property with nowhere to go (DET106) or a required parameter without a property (DET107) is an
/// error in the project that declares the attribute. Conversions are written out at compile time
/// (see <see cref="BuildConversions"/>). A settings slot marked <c>[SettingsFor("bbox_head")]</c> is handed to that head
/// slot: the head's config is built with the settings (<c>ConfigBuild.WithSettings</c>), and the settings go to the
/// detector's constructor only when it has a parameter for them.
/// </summary>
internal sealed class BuildPlanner(Compilation compilation, INamedTypeSymbol attribute, ComponentDescriptor descriptor, List<DiagnosticInfo> diagnostics)
{
    public BuildPlan Plan(INamedTypeSymbol? target, SourceSpan? registerLocation)
    {
        var self = DescriptorReader.ConfigTypeName(attribute);
        if (target is null) return new BuildPlan(null, attribute.IsSealed ? self : "object", default, default);
        var conversions = new BuildConversions(compilation, descriptor.DisplayName);
        var members = Members().ToList();
        var constructor = target.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .OrderByDescending(c => members.Count(m => m.Parameter(c) is { } p && conversions.IsStatic(m.Property, p.Type)))
            .ThenByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        var settable = Settable(target).ToList();
        var arguments = new List<BuildArgument>();
        var initializers = new List<BuildArgument>();
        var used = new HashSet<string>();
        var handed = HandedSettings(members, registerLocation);
        foreach (var member in members)
        {
            var source = handed.TryGetValue(DescriptorReader.Key(member.Property), out var settings)
                ? "global::Detect.Config.ConfigBuild.WithSettings(" + member.Property.Name + ", " + TypeNames.Literal(DescriptorReader.Key(member.Property)) + ", "
                    + TypeNames.Literal(descriptor.DisplayName) + ", " + string.Join(", ", settings) + ")"
                : null;
            if (constructor is not null && member.Parameter(constructor) is { } parameter)
            {
                used.Add(parameter.Name);
                arguments.Add(new BuildArgument(parameter.Name, conversions.Argument(member.Property, parameter.Type, parameter.IsOptional, parameter.HasExplicitDefaultValue ? parameter.ExplicitDefaultValue : null, source)));
            }
            else if (settable.FirstOrDefault(p => p.Name == SymbolFacts.Pascal(member.ParameterName)) is { } property)
                initializers.Add(new BuildArgument(property.Name, conversions.Argument(member.Property, property.Type, optional: true, defaultValue: null, source)));
            else if (SymbolFacts.Find(member.Property, KnownNames.SettingsFor) is null)
                diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.NoSuchParameter.Id, SourceSpan.From(member.Property.Locations.FirstOrDefault()) ?? registerLocation,
                    new[] { member.Property.ContainingType.Name, member.Property.Name, member.ParameterName, target.Name }.ToEquatableArray()));
        }
        foreach (var (name, value) in Presets())
        {
            if (constructor?.Parameters.FirstOrDefault(p => p.Name == name) is { } parameter)
            {
                used.Add(name);
                arguments.Add(new BuildArgument(name, conversions.Constant(value, parameter.Type)));
            }
            else if (settable.FirstOrDefault(p => p.Name == SymbolFacts.Pascal(name)) is { } property)
                initializers.Add(new BuildArgument(property.Name, conversions.Constant(value, property.Type)));
        }
        foreach (var (property, parameter) in ConfigOnlyShadows(constructor))
            diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.ConfigOnlyShadowsParameter.Id, SourceSpan.From(property.Locations.FirstOrDefault()) ?? registerLocation,
                new[] { property.ContainingType.Name, property.Name, target.Name, parameter.Name }.ToEquatableArray()));
        foreach (var parameter in constructor?.Parameters.Where(p => !used.Contains(p.Name) && !p.IsOptional && !p.IsParams) ?? Enumerable.Empty<IParameterSymbol>())
            diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.ParameterNotProvided.Id, registerLocation,
                new[] { target.Name, parameter.Name, TypeNames.Plain(parameter.Type), attribute.Name, "" }.ToEquatableArray()));
        // Typed return where no record derives from this one (a derived record may build a type unrelated to this one).
        var returnType = attribute.IsSealed && target.IsReferenceType ? TypeNames.Global(target) : "object";
        return new BuildPlan(TypeNames.Global(target), returnType,
            OrderLike(arguments, constructor).ToEquatableArray(), initializers.ToEquatableArray());
    }

    /// <summary>
    /// The detector's settings each head slot takes, by the head slot's key: <c>("train_cfg", TrainCfg)</c>, or
    /// <c>("train_cfg", ConfigBuild.Item(TrainCfg, "rpn"))</c> for an item; a marker naming no slot of the attribute is DET115.
    /// </summary>
    private Dictionary<string, List<string>> HandedSettings(List<Member> members, SourceSpan? registerLocation)
    {
        var handed = new Dictionary<string, List<string>>();
        var slots = new HashSet<string>(members.Where(m => DescriptorReader.SlotKind(m.Property.Type) is not null).Select(m => DescriptorReader.Key(m.Property)));
        foreach (var member in members)
            foreach (var marker in member.Property.GetAttributes().Where(a => SymbolFacts.IsVocabulary(a.AttributeClass, KnownNames.SettingsFor)))
            {
                var slot = SymbolFacts.StringArgument(marker, "Slot") ?? "";
                var item = SymbolFacts.StringArgument(marker, "Item");
                if (!slots.Contains(slot))
                {
                    diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.SettingsForMissingSlot.Id,
                        SourceSpan.From(marker.ApplicationSyntaxReference?.GetSyntax().GetLocation()) ?? registerLocation,
                        new[] { attribute.Name, member.Property.Name, slot }.ToEquatableArray()));
                    continue;
                }
                var value = item is null
                    ? member.Property.Name
                    : "global::Detect.Config.ConfigBuild.Item(" + member.Property.Name + ", " + TypeNames.Literal(item) + ")";
                if (!handed.TryGetValue(slot, out var list)) handed[slot] = list = new List<string>();
                list.Add("(" + TypeNames.Literal(DescriptorReader.Key(member.Property)) + ", " + value + ")");
            }
        return handed;
    }

    /// <summary>Arguments in the constructor's parameter order, so the call reads like its signature.</summary>
    private static IEnumerable<BuildArgument> OrderLike(List<BuildArgument> arguments, IMethodSymbol? constructor) =>
        constructor is null ? arguments : arguments.OrderBy(a => constructor.Parameters.IndexOf(constructor.Parameters.First(p => p.Name == a.Parameter)));

    /// <summary>Value properties and sub-slots of the attribute and its bases, base first; variables and [ConfigOnly] excluded.</summary>
    private IEnumerable<Member> Members() =>
        SymbolFacts.Lineage(attribute).Reverse().SelectMany(c => c.GetMembers().OfType<IPropertySymbol>())
            .Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic)
            .Where(p => SymbolFacts.Find(p, KnownNames.Variable) is null && SymbolFacts.Find(p, KnownNames.ConfigOnly) is null)
            .Where(p => DescriptorReader.SlotKind(p.Type) is not null || p.SetMethod is not null)
            .Select(p => new Member(p, SymbolFacts.StringArgument(SymbolFacts.Find(p, KnownNames.Parameter), "Name") ?? ConfigNaming.ToCamelCase(p.Name)));

    /// <summary>
    /// DET117: [ConfigOnly] properties whose name the constructor does take. The generator hands a [ConfigOnly] value to
    /// no one, so the component would silently be built with the parameter's default (a mask loss built without
    /// <c>use_mask</c> and failing in training): the marker is for values the component really does not take.
    /// </summary>
    private IEnumerable<(IPropertySymbol Property, IParameterSymbol Parameter)> ConfigOnlyShadows(IMethodSymbol? constructor) =>
        constructor is null ? [] :
        SymbolFacts.Lineage(attribute).SelectMany(c => c.GetMembers().OfType<IPropertySymbol>())
            .Where(p => SymbolFacts.Find(p, KnownNames.ConfigOnly) is not null)
            .SelectMany(p => constructor.Parameters
                .Where(q => q.Name == (SymbolFacts.StringArgument(SymbolFacts.Find(p, KnownNames.Parameter), "Name") ?? ConfigNaming.ToCamelCase(p.Name)))
                .Select(q => (p, q)));

    /// <summary>[Preset] constants of the attribute class and its bases (e.g. a norm's <c>Type = BN</c>).</summary>
    private IEnumerable<(string Name, TypedConstant Value)> Presets() =>
        SymbolFacts.Lineage(attribute).SelectMany(c => c.GetAttributes())
            .Where(a => SymbolFacts.IsVocabulary(a.AttributeClass, "PresetAttribute") && a.ConstructorArguments.Length == 2)
            .Select(a => ((string)a.ConstructorArguments[0].Value!, a.ConstructorArguments[1]));

    private static IEnumerable<IPropertySymbol> Settable(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            foreach (var p in t.GetMembers().OfType<IPropertySymbol>())
                if (p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic && p.SetMethod is { DeclaredAccessibility: Accessibility.Public })
                    yield return p;
    }

    private sealed class Member(IPropertySymbol property, string parameterName)
    {
        public IPropertySymbol Property { get; } = property;
        public string ParameterName { get; } = parameterName;
        public IParameterSymbol? Parameter(IMethodSymbol constructor) => constructor.Parameters.FirstOrDefault(p => p.Name == ParameterName);
    }
}
