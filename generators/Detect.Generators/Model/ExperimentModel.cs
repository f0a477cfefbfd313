namespace Detect.Generators.Model;

/// <summary>
/// The output of the Parse phase for one experiment or base part: the target type, its holder chain
/// and the descriptors of every attribute class involved.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record ExperimentModel(
    TargetModel Target,
    HolderModel Holder,
    EquatableArray<ComponentDescriptor> Descriptors,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// The type the generator writes into: name, namespace, enclosing types, whether it is an experiment
/// (parts get no code), what its generated part must declare, and whether its base is an experiment (whose
/// generated members it hides).
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record TargetModel(
    string Name,
    string FullName,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    bool IsExperiment,
    bool CanEmit,
    bool AddsExperimentBase,
    bool BaseIsExperiment,
    SourceSpan? Location);

/// <summary>A diagnostic to report: catalogue id, position (null: the target's) and message arguments.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record DiagnosticInfo(string Id, SourceSpan? Location, EquatableArray<string> Args);
