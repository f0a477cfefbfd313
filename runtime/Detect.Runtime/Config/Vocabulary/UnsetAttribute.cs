namespace Detect.Config;

/// <summary>
/// Empties an inherited slot: MMEngine's <c>key=None</c> for a component slot, <c>key=[]</c> for a list slot. The usual
/// use is training a zoo model from scratch, <c>[Unset("model.backbone.init_cfg")]</c> for MMDetection's
/// <c>backbone=dict(init_cfg=None)</c>. Applied in the record's own merge order (parents before children, then in
/// declaration order), so a later attribute at the same path fills the slot again. The path must name a slot: a field, a
/// list item or a required slot cannot be unset (compile errors).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class UnsetAttribute(string path) : Attribute
{
    /// <summary>The dotted path of the slot, as <see cref="ComponentAttribute.At"/> writes it (e.g. <c>model.backbone.init_cfg</c>).</summary>
    public string Path { get; } = path;
}
