namespace Detect.Config;

/// <summary>
/// The value must lie in [<see cref="Min"/>, <see cref="Max"/>] (DET501), e.g. IoU thresholds in
/// [0, 1]. <see cref="Disabled"/> names a sentinel that switches the option off, as MMDetection's
/// <c>ignore_iof_thr=-1</c>. For lists every element is checked.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class InRangeAttribute(double min, double max) : Attribute
{
    /// <summary>Smallest allowed value.</summary>
    public double Min { get; } = min;
    /// <summary>Largest allowed value.</summary>
    public double Max { get; } = max;
    /// <summary>A value outside the range that is still accepted and means "off".</summary>
    public double Disabled { get; set; } = double.NaN;
}

/// <summary>The list must not be empty (DET502).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class NotEmptyAttribute : Attribute;

/// <summary>The value must be one of the given ones (DET503), e.g. ResNet depths 18, 34, 50, 101, 152.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class OneOfAttribute(params object[] values) : Attribute
{
    /// <summary>The allowed values.</summary>
    public object[] Values { get; } = values;
}

/// <summary>The list must have exactly this many elements (DET504), e.g. a (width, height) scale.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class LengthAttribute(int length) : Attribute
{
    /// <summary>The required element count.</summary>
    public int Length { get; } = length;

    /// <summary>The count must be a multiple of <see cref="Length"/> instead: pairs written flat (<c>[1333, 640, 1333, 800]</c>).</summary>
    public bool Multiple { get; set; }
}

/// <summary>A <see cref="Type"/> value must implement this interface or derive from this class and have a public parameterless constructor (DET401).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ImplementsAttribute(string typeName) : Attribute
{
    /// <summary>Full name of the interface or base class.</summary>
    public string TypeName { get; } = typeName;
}
