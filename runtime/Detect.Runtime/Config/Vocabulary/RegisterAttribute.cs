namespace Detect.Config;

/// <summary>
/// Registers a config attribute class as a component (MMDetection's <c>@MODELS.register_module()</c>).
/// The generator emits a typed, immutable config record for it (<c>ResNetAttribute</c> →
/// <c>ResNetConfig</c>) whose <c>Build()</c> calls the constructor of <see cref="Builds"/>, matching
/// config properties to constructor parameters by name (<c>OutIndices</c> → <c>outIndices</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RegisterAttribute(string name) : Attribute
{
    /// <summary>MMDetection's <c>type</c> name, e.g. <c>"ResNet"</c>, <c>"FPN"</c>, <c>"RetinaHead"</c>.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// The type <c>Build()</c> constructs (e.g. <c>typeof(ResNet)</c>): a type, so a name that does not resolve
    /// is a compile error. Unset: the config record is a settings object and <c>Build()</c> returns the record itself.
    /// </summary>
    public Type? Builds { get; set; }

    /// <summary>The slot this component fills when <see cref="ComponentAttribute.At"/> is not given; overrides the kind's.</summary>
    public string? DefaultSlot { get; set; }
}
