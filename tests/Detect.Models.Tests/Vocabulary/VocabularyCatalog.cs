using System.Reflection;
using Detect.Config;

namespace Detect.Models.Tests.Vocabulary;

/// <summary>
/// What the config language accepts, found by reflection over Detect.Runtime and Detect.Models (test code may reflect;
/// the product does not): every concrete attribute carrying <see cref="RegisterAttribute"/>, the config record the
/// generator wrote for it (from the assembly's generated <see cref="ConfigRegistry"/>), and every value of every enum
/// (closed vocabulary) the attribute declares.
/// </summary>
internal static class VocabularyCatalog
{
    /// <summary>The assemblies whose vocabularies the test covers.</summary>
    public static readonly Assembly[] Assemblies = [typeof(ResizeAttribute).Assembly, typeof(ResNetAttribute).Assembly];

    /// <summary>Every concrete registered attribute type, by name.</summary>
    public static IReadOnlyList<Type> Attributes { get; } = [.. Assemblies
        .SelectMany(a => a.GetTypes())
        .Where(t => !t.IsAbstract && typeof(Attribute).IsAssignableFrom(t) && t.GetCustomAttribute<RegisterAttribute>(inherit: false) is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The generated record of each registered attribute, by attribute type.</summary>
    public static IReadOnlyDictionary<Type, ConfigRecordEntry> Records { get; } = Assemblies
        .Select(ConfigRegistry.Of).OfType<ConfigRegistry>()
        .SelectMany(r => r.Records)
        .ToDictionary(e => e.Type.GetCustomAttribute<ConfiguredByAttribute>()!.AttributeType);

    /// <summary>
    /// The enum-typed properties (single values or lists) an attribute declares itself; a property inherited from an
    /// abstract kind (a hook's <c>priority</c>) belongs to the first concrete attribute of that kind, so each
    /// vocabulary is enumerated once per declaring kind rather than once per subclass.
    /// </summary>
    public static IEnumerable<PropertyInfo> EnumProperties(Type attribute) => attribute
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => EnumOf(p.PropertyType) is not null)
        .Where(p => Owner(p) == attribute);

    /// <summary>The enum type of a property of type <c>TEnum</c> or <c>TEnum[]</c>; null otherwise.</summary>
    public static Type? EnumOf(Type type) => type.IsEnum ? type : type.IsArray && type.GetElementType()!.IsEnum ? type.GetElementType() : null;

    /// <summary>The attribute whose cases enumerate <paramref name="property"/>: its declaring type, or the first concrete subclass of an abstract one.</summary>
    static Type Owner(PropertyInfo property) =>
        property.DeclaringType!.IsAbstract
            ? Attributes.First(t => property.DeclaringType.IsAssignableFrom(t) && t.GetProperty(property.Name)!.DeclaringType == property.DeclaringType)
            : property.DeclaringType;

    /// <summary>Every case: each attribute once with its baseline settings, then once per value of each of its enum properties.</summary>
    public static IEnumerable<VocabularyCase> Cases() =>
        Attributes.SelectMany(attribute => EnumProperties(attribute)
            .SelectMany(p => Enum.GetValues(EnumOf(p.PropertyType)!).Cast<Enum>().Select(v => new VocabularyCase(attribute, p, v)))
            .Prepend(new VocabularyCase(attribute, null, null)));
}

/// <summary>One case: an attribute, optionally with one enum property set to one value.</summary>
internal sealed record VocabularyCase(Type Attribute, PropertyInfo? Property, Enum? Value)
{
    /// <summary>A stable name for the theory, e.g. <c>ResizeAttribute</c> or <c>ResizeAttribute.Interpolation=Lanczos</c>.</summary>
    public string Id => Property is null ? Attribute.Name : $"{Attribute.Name}.{Property.Name}={Value}";

    /// <summary>The case named <paramref name="id"/>.</summary>
    public static VocabularyCase Parse(string id) => VocabularyCatalog.Cases().Single(c => c.Id == id);
}
