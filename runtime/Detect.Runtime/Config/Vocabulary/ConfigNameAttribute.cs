namespace Detect.Config;

/// <summary>
/// MMDetection's spelling of an enum member where it is not the member's name in snake_case
/// (<c>ExpMomentumEma</c> is <c>'ExpMomentumEMA'</c>, <c>RegNetX3_2GF</c> is <c>'regnetx_3.2gf'</c>). Printing,
/// JSON and <c>--cfg-options</c> use it (<see cref="ConfigEnums"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class ConfigNameAttribute(string name) : Attribute
{
    /// <summary>The name as MMDetection writes it.</summary>
    public string Name { get; } = name;
}
