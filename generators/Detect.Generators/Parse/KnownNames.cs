namespace Detect.Generators.Parse;

/// <summary>Metadata names of the config vocabulary (runtime/Detect.Runtime/Config) the generator reads.</summary>
internal static class KnownNames
{
    public const string Namespace = "Detect.Config";
    public const string ComponentAttribute = "Detect.Config.ComponentAttribute";
    public const string ExperimentAttribute = "Detect.Config.ExperimentAttribute";
    public const string ConfigPartAttribute = "Detect.Config.ConfigPartAttribute";
    public const string BasePartsAttribute = "Detect.Config.BasePartsAttribute";
    public const string UnsetAttribute = "Detect.Config.UnsetAttribute";
    public const string RegisterAttribute = "Detect.Config.RegisterAttribute";
    public const string ComponentKindAttribute = "Detect.Config.ComponentKindAttribute";
    public const string ExperimentBase = "Detect.Config.Experiment";
    public const string ComponentConfig = "global::Detect.Config.ComponentConfig";
    public const string ValueList = "Detect.Config.ValueList`1";

    public const string Variable = "VariableAttribute";
    public const string Key = "KeyAttribute";
    public const string RequiredSlot = "RequiredSlotAttribute";
    public const string Parameter = "ParameterAttribute";
    public const string ConfigOnly = "ConfigOnlyAttribute";
    public const string SettingsFor = "SettingsForAttribute";

    /// <summary>Property-level value checks.</summary>
    public static readonly string[] Checks = { "InRangeAttribute", "NotEmptyAttribute", "OneOfAttribute", "LengthAttribute", "ImplementsAttribute" };
}
