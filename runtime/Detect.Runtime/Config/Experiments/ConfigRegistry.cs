using System.Reflection;

namespace Detect.Config;

/// <summary>
/// What an assembly declares for typed configs, written by the generator into every assembly with
/// experiments or config records: its experiments by name and its concrete config records by MMDetection
/// <c>type</c>, each with a factory. <c>detect train NAME --assembly X.dll</c>, <see cref="ExperimentCatalog"/> and
/// <see cref="ConfigJson"/> find things here, without scanning assemblies for types.
/// </summary>
public abstract class ConfigRegistry
{
    /// <summary>The assembly's experiments.</summary>
    public abstract IReadOnlyList<ExperimentEntry> Experiments { get; }

    /// <summary>The assembly's concrete config records.</summary>
    public abstract IReadOnlyList<ConfigRecordEntry> Records { get; }

    /// <summary>The generated registry of <paramref name="assembly"/>, or null when it has none.</summary>
    public static ConfigRegistry? Of(Assembly assembly) => assembly.GetCustomAttribute<ConfigRegistryAttribute>()?.Create();

    /// <summary>The registries of every assembly loaded in this process.</summary>
    public static IEnumerable<ConfigRegistry> Loaded() =>
        AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic).Select(Of).OfType<ConfigRegistry>();
}

/// <summary>One experiment of a registry.</summary>
/// <param name="Name">The record's name, e.g. <c>RetinaNetR50Fpn1xCoco</c>.</param>
/// <param name="Type">The record type.</param>
/// <param name="Create">Makes an instance.</param>
public sealed record ExperimentEntry(string Name, Type Type, Func<IExperiment> Create);

/// <summary>One concrete config record of a registry.</summary>
/// <param name="TypeName">MMDetection's <c>type</c>, e.g. <c>ResNet</c> (empty for settings records).</param>
/// <param name="Type">The record type, e.g. <c>ResNetConfig</c>.</param>
/// <param name="Create">Makes an instance with the defaults.</param>
public sealed record ConfigRecordEntry(string TypeName, Type Type, Func<ComponentConfig> Create);

/// <summary>Names an assembly's generated <see cref="ConfigRegistry"/> (see <see cref="ConfigRegistryAttribute{T}"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public abstract class ConfigRegistryAttribute : Attribute
{
    /// <summary>An instance of the registry.</summary>
    public abstract ConfigRegistry Create();
}

/// <summary>The generator's <c>[assembly: ConfigRegistry&lt;T&gt;]</c>: the registry type, constructed without reflection.</summary>
/// <typeparam name="T">The generated registry.</typeparam>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ConfigRegistryAttribute<T> : ConfigRegistryAttribute where T : ConfigRegistry, new()
{
    /// <inheritdoc/>
    public override ConfigRegistry Create() => new T();
}
