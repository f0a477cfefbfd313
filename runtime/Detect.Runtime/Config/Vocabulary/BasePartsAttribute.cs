namespace Detect.Config;

/// <summary>
/// Composes base parts into a config, in order, as MMDetection's
/// <c>_base_ = ['models/retinanet_r50_fpn.py', 'datasets/coco_detection.py', ...]</c>. The parts are
/// merged over the record's base record (if any) and under the record's own attributes; two parts
/// may not set the same key (MMEngine rejects duplicate keys among bases, DET104).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BasePartsAttribute(params Type[] parts) : Attribute
{
    /// <summary>The parts, each a type marked <see cref="ConfigPartAttribute"/>.</summary>
    public Type[] Parts { get; } = parts;
}
