namespace Detect.Config;

/// <summary>
/// Marks an abstract config attribute class as a component kind (backbone, neck, loss ...). Slots
/// are typed by kind: any attribute deriving from the kind fits. The generator emits the matching
/// abstract record (<c>BackboneAttribute</c> → <c>BackboneConfig</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ComponentKindAttribute : Attribute
{
    /// <summary>The slot components of this kind fill when <see cref="ComponentAttribute.At"/> is not given.</summary>
    public string? DefaultSlot { get; set; }

    /// <summary>
    /// Keys of the detector's settings (<c>train_cfg</c>, <c>test_cfg</c>) that a component of this kind takes when a detector
    /// builds it (<see cref="SettingsForAttribute"/>): every concrete component of the kind must have a slot under each key
    /// (DET116), so whatever head a config puts in the slot can take them.
    /// </summary>
    public string[] TakesSettings { get; set; } = [];
}
