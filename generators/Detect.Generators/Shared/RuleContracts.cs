using System.Collections.Generic;

namespace Detect.Config.Checks;

/// <summary>
/// Which properties of a component each rule reads, by the rule's name: the contract between a rule attribute
/// (<c>[ResidualStagesRule]</c> on <c>ResNetAttribute</c>) and the checks that evaluate it. The checks read the
/// properties through these names, and the generator reports DET114 when a component with the rule lacks one, so
/// renaming <c>Depth</c> on a backbone is a compile error instead of a check that silently stops checking.
/// </summary>
internal static class RuleContracts
{
    public const string Depth = "Depth";
    public const string NumStages = "NumStages";
    public const string Strides = "Strides";
    public const string BaseChannels = "BaseChannels";
    public const string OutIndices = "OutIndices";
    public const string Arch = "Arch";
    public const string W0 = "W0";
    public const string Wa = "Wa";
    public const string Wm = "Wm";
    public const string GroupW = "GroupW";
    public const string BotMul = "BotMul";
    public const string InChannels = "InChannels";
    public const string OutChannels = "OutChannels";
    public const string StartLevel = "StartLevel";
    public const string EndLevel = "EndLevel";
    public const string NumOuts = "NumOuts";
    public const string FeatmapStrides = "FeatmapStrides";
    public const string NumClasses = "NumClasses";
    public const string Classes = "Classes";
    public const string Begin = "Begin";
    public const string End = "End";
    public const string Milestones = "Milestones";
    public const string ByEpoch = "ByEpoch";
    public const string CropSize = "CropSize";
    public const string CropType = "CropType";
    public const string Size = "Size";
    public const string SizeDivisor = "SizeDivisor";
    public const string PadToSquare = "PadToSquare";
    public const string Reduction = "Reduction";
    public const string AddGtAsProposals = "AddGtAsProposals";
    public const string StageLossWeights = "StageLossWeights";
    public const string Metric = "Metric";
    public const string Scale = "Scale";
    public const string RatioRange = "RatioRange";

    /// <summary>Rule name (the attribute's name without "Attribute") → the properties a component with it must have.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Reads = new Dictionary<string, string[]>
    {
        ["ResidualStagesRule"] = new[] { Depth, NumStages, Strides, BaseChannels, OutIndices },
        ["RegNetStagesRule"] = new[] { Arch, W0, Wa, Wm, GroupW, Depth, BotMul, Strides, OutIndices },
        ["PyramidNeckRule"] = new[] { InChannels, OutChannels, StartLevel, EndLevel, NumOuts },
        ["DenseHeadRule"] = new[] { InChannels },
        ["RoIExtractorRule"] = new[] { OutChannels, FeatmapStrides },
        ["NumClassesRule"] = new[] { NumClasses },
        ["RoIStagesRule"] = new[] { NumStages, StageLossWeights },
        ["DatasetClassesRule"] = new[] { Classes },
        ["SchedulerWindowRule"] = new[] { Begin, End },
        ["MilestonesRule"] = new[] { Milestones, ByEpoch },
        ["CropSizeRule"] = new[] { CropSize, CropType },
        ["PadTargetRule"] = new[] { Size, SizeDivisor, PadToSquare },
        ["MaskMetricRule"] = new[] { Metric },
        ["RandomScaleRule"] = new[] { Scale, RatioRange },
    };
}
