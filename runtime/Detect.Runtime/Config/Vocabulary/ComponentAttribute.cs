namespace Detect.Config;

/// <summary>
/// Base of every config attribute. One attribute on an experiment record is one dict of an
/// MMDetection config: it fills a slot of the config tree (<c>model.backbone</c>, <c>model.neck</c>,
/// <c>train_dataloader</c> ...) and its named arguments are that dict's keys. The generator reads these
/// attributes at compile time; they are never instantiated at run time.
/// </summary>
/// <remarks>
/// Merging follows MMEngine: a derived config's values override inherited ones field by field, lists
/// are replaced, and <see cref="Delete"/> drops everything inherited for the slot first.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class ComponentAttribute : Attribute
{
    /// <summary>
    /// Replace the inherited component of this slot wholesale instead of merging into it (MMEngine's
    /// <c>_delete_=True</c>). Required to change a slot's component type.
    /// </summary>
    public bool Delete { get; set; }

    /// <summary>
    /// The slot to fill as MMDetection's dotted key, e.g. <c>"model.rpn_head.loss_cls"</c> or
    /// <c>"test_pipeline"</c> (see <see cref="Slots"/>). Defaults to the component kind's usual slot.
    /// </summary>
    public string? At { get; set; }
}
