using System.Collections.Generic;

namespace Detect.Config.Checks;

/// <summary>One entry of the diagnostic catalogue: a stable id, a title and a message format.</summary>
internal sealed class DiagnosticEntry
{
    public DiagnosticEntry(string id, string category, string title, string message)
    {
        Id = id;
        Category = category;
        Title = title;
        Message = message;
    }

    public string Id { get; }
    public string Category { get; }
    public string Title { get; }
    public string Message { get; }

    /// <summary>The message with its arguments, as the runtime reports it (the compiler formats its own).</summary>
    public string Format(params object[] args) => Id + ": " + string.Format(System.Globalization.CultureInfo.InvariantCulture, Message, args);
}

/// <summary>
/// The one catalogue of config diagnostics, shared by the generator (compile-time errors) and the
/// runtime (the same checks after command-line overrides). Ranges: DET1xx config structure,
/// DET2xx shapes, channels, strides and classes, DET3xx pipelines, DET4xx hooks and schedules,
/// DET5xx invalid values. Each id has a page docs/diagnostics/DETnnnn.md.
/// </summary>
internal static class DiagnosticCatalog
{
    /// <summary>Where the docs pages live: an id's page is this followed by <c>DETnnn.md</c> (the IDE's help link).</summary>
    public const string DocsUrl = "https://github.com/detect-dotnet/detect/blob/main/docs/diagnostics/";

    private const string Structure = "Detect.Config.Structure";
    private const string Shapes = "Detect.Config.Shapes";
    private const string Pipelines = "Detect.Config.Pipelines";
    private const string Schedules = "Detect.Config.HooksAndSchedules";
    private const string Values = "Detect.Config.Values";

    public static readonly DiagnosticEntry TypeChangedWithoutDelete = new("DET101", Structure, "Component type changed without Delete",
        "'{0}' is {1} ({2}); [{3}] would merge into it and keep its keys: add Delete = true to replace it");
    public static readonly DiagnosticEntry UnknownSlot = new("DET102", Structure, "Unknown slot",
        "'{0}' is not a slot of this config{1}");
    public static readonly DiagnosticEntry WrongKind = new("DET103", Structure, "Component does not fit the slot",
        "[{0}] is not a {1} and cannot fill '{2}'");
    public static readonly DiagnosticEntry SetTwice = new("DET104", Structure, "Key set twice",
        "'{0}' is set by both {1} and {2}");
    public static readonly DiagnosticEntry NotPartialRecord = new("DET105", Structure, "Config must be a partial record",
        "'{0}' must be declared as a partial record{1}");
    public static readonly DiagnosticEntry NoSuchParameter = new("DET106", Structure, "Config property has no constructor parameter",
        "{0}.{1} has no parameter '{2}' on the constructor of {3}: rename one of them, map it with [Parameter] or mark it [ConfigOnly]");
    public static readonly DiagnosticEntry ParameterNotProvided = new("DET107", Structure, "Constructor parameter not provided",
        "The constructor of {0} needs '{1}' ({2}), which {3} does not provide{4}");
    public static readonly DiagnosticEntry MissingComponent = new("DET108", Structure, "Required component missing",
        "'{0}' needs a {1}, but no config sets one{2}");
    public static readonly DiagnosticEntry NotAPart = new("DET109", Structure, "Base part is not a config part",
        "{0} in [BaseParts] is not marked [ConfigPart]");
    public static readonly DiagnosticEntry PartOutsideKind = new("DET110", Structure, "Part sets a slot outside its kind",
        "{0} is a {1} part but sets '{2}'");
    public static readonly DiagnosticEntry BaseNotExperiment = new("DET111", Structure, "Experiment derives from a non-experiment",
        "'{0}' derives from {1}, which is not an experiment: an experiment derives from another experiment or from nothing (compose parts with [BaseParts])");

    public static readonly DiagnosticEntry NotMarked = new("DET112", Structure, "Config attributes on an unmarked type",
        "'{0}' carries config attributes but is marked neither [Experiment] nor [ConfigPart], so they would be ignored");
    public static readonly DiagnosticEntry DefaultDeclaredTwice = new("DET113", Structure, "Default declared twice",
        "{0}.{1} = {2} repeats a default the constructor of {3} declares ({4} = {5}): remove the initializer, the constructor's default is the config's");
    public static readonly DiagnosticEntry RuleReadsMissing = new("DET114", Structure, "A rule reads a property the component does not have",
        "[{0}] reads {1}, which {2} does not have (renamed or removed?): keep the property, or drop the rule");
    public static readonly DiagnosticEntry SettingsKeyMissing = new("DET116", Structure, "A head cannot take the detector's settings",
        "{0} is a {1}, whose components take the detector's {2}, but {0} has no slot for {3}: add {4}, so a detector can build it with them");
    public static readonly DiagnosticEntry ConfigOnlyShadowsParameter = new("DET117", Structure, "A [ConfigOnly] value the constructor takes",
        "{0}.{1} is [ConfigOnly], but the constructor of {2} takes '{3}': the value would never reach it and {2} would be built with the parameter's default; remove [ConfigOnly]");
    public static readonly DiagnosticEntry SettingsForMissingSlot = new("DET115", Structure, "Settings handed to a slot the component does not have",
        "{0}.{1} is [SettingsFor(\"{2}\")], but {0} has no slot '{2}' to hand them to (renamed or removed?): name one of its slots by its key");

    public static readonly DiagnosticEntry NeckChannels = new("DET201", Shapes, "Neck input channels do not match the backbone",
        "{0}.InChannels {1} ({2}) do not match {3} outputs {4} ({5})");
    public static readonly DiagnosticEntry HeadChannels = new("DET202", Shapes, "Input channels do not match the features",
        "{0}.{1} {2} ({3}) does not match the {4} channels of the {5} outputs ({6})");
    public static readonly DiagnosticEntry StrideMismatch = new("DET203", Shapes, "Strides do not match the feature levels",
        "{0}.{1} {2} ({3}) do not match the strides {4} of the {5} outputs ({6})");
    public static readonly DiagnosticEntry LevelCount = new("DET204", Shapes, "Number of levels does not match",
        "{0}.{1} {2} ({3}) has {4} levels, but the {5} outputs have {6} ({7})");
    public static readonly DiagnosticEntry ClassesVsDataset = new("DET205", Shapes, "NumClasses does not match the dataset",
        "{0}.NumClasses {1} ({2}) does not match the {3} classes of {4} ({5})");
    public static readonly DiagnosticEntry ClassesBetweenHeads = new("DET206", Shapes, "NumClasses differs between heads",
        "{0}.NumClasses {1} ({2}) differs from {3}.NumClasses {4} ({5})");
    public static readonly DiagnosticEntry LevelOutOfRange = new("DET207", Shapes, "Level index out of range",
        "{0}.{1} {2} ({3}) is out of range: {4}");
    public static readonly DiagnosticEntry StageCount = new("DET208", Shapes, "Per-stage lists do not match the number of stages",
        "'{0}' has {1} item(s) ({2}), but {3} has {4} stage(s) ({5}): give one item per stage");

    public static readonly DiagnosticEntry StepOutOfOrder = new("DET301", Pipelines, "Transform out of order",
        "{0} in {1} needs a {2} sample but {3} gives {4}");
    public static readonly DiagnosticEntry NotPacked = new("DET302", Pipelines, "Pipeline does not end with packed inputs",
        "{0} ends with {1} ({2}), but a loader needs PackedDetInputs: end it with PackDetInputs");
    public static readonly DiagnosticEntry MasksNotLoaded = new("DET303", Pipelines, "Masks not loaded for a mask head",
        "{0} trains a mask head, but {1}");
    public static readonly DiagnosticEntry MixingOutsideMixDataset = new("DET304", Pipelines, "Mixing transform outside a MultiImageMixDataset",
        "{0} in the pipeline of {1} ({2}) mixes images drawn from the dataset, which only a MultiImageMixDataset provides: wrap the dataset in one and move {0} to its pipeline");
    public static readonly DiagnosticEntry TtaPipelineShape = new("DET306", Pipelines, "Test-time augmentation pipeline out of shape",
        "tta_pipeline: {0}");
    public static readonly DiagnosticEntry MaskMetricWithoutMasks = new("DET305", Pipelines, "Mask metric on a model without masks",
        "{0}.Metric asks for segm ({1}), but {2} predicts no masks: drop segm, or use a model with a mask head");

    public static readonly DiagnosticEntry NotAHook = new("DET401", Schedules, "Not a usable hook",
        "{0}.{1} {2} is not usable: it must {3} and have a public parameterless constructor");
    public static readonly DiagnosticEntry DuplicateHook = new("DET402", Schedules, "Duplicate hook",
        "Hook {0} appears twice: at '{1}' ({2}) and at '{3}' ({4})");
    public static readonly DiagnosticEntry MilestonesOrder = new("DET403", Schedules, "Milestones not increasing",
        "{0}.Milestones {1} ({2}) must be strictly increasing");
    public static readonly DiagnosticEntry BeyondTraining = new("DET404", Schedules, "Schedule beyond the training length",
        "{0}.{1} {2} ({3}) is beyond max_epochs {4} ({5}): the step never happens");
    public static readonly DiagnosticEntry EmptyWindow = new("DET405", Schedules, "Empty scheduler window",
        "{0}: Begin {1} must be before End {2} ({3})");
    public static readonly DiagnosticEntry EndlessSampler = new("DET406", Schedules, "Endless sampler where an epoch must end",
        "{0} in {1} never ends an epoch, but {2}: use DefaultSampler there ({3})");

    public static readonly DiagnosticEntry OutOfRange = new("DET501", Values, "Value out of range",
        "{0}.{1} {2} is outside [{3}, {4}]{5}");
    public static readonly DiagnosticEntry EmptyList = new("DET502", Values, "Empty list",
        "{0}.{1} must not be empty");
    public static readonly DiagnosticEntry NotOneOf = new("DET503", Values, "Value not allowed",
        "{0}.{1} {2} is not one of {3}");
    public static readonly DiagnosticEntry WrongLength = new("DET504", Values, "Wrong number of elements",
        "{0}.{1} {2} must have {3} elements");
    public static readonly DiagnosticEntry CustomArch = new("DET505", Values, "Invalid custom design",
        "{0}.{1} {2} is invalid: {3}");
    public static readonly DiagnosticEntry ValuesConflict = new("DET506", Values, "Values do not fit together",
        "{0}.{1} {2} does not fit the component's other values: {3}");

    /// <summary>Every entry, in id order.</summary>
    public static IReadOnlyList<DiagnosticEntry> All { get; } = new[]
    {
        TypeChangedWithoutDelete, UnknownSlot, WrongKind, SetTwice, NotPartialRecord, NoSuchParameter,
        ParameterNotProvided, MissingComponent, NotAPart, PartOutsideKind, BaseNotExperiment, NotMarked, DefaultDeclaredTwice, RuleReadsMissing, SettingsForMissingSlot, SettingsKeyMissing, ConfigOnlyShadowsParameter,
        NeckChannels, HeadChannels, StrideMismatch, LevelCount, ClassesVsDataset, ClassesBetweenHeads, LevelOutOfRange, StageCount,
        StepOutOfOrder, NotPacked, MasksNotLoaded, MixingOutsideMixDataset, MaskMetricWithoutMasks, TtaPipelineShape,
        NotAHook, DuplicateHook, MilestonesOrder, BeyondTraining, EmptyWindow, EndlessSampler,
        OutOfRange, EmptyList, NotOneOf, WrongLength, CustomArch, ValuesConflict,
    };
}
