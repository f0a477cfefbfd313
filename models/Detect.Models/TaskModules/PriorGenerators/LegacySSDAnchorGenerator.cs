namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// MMDetection's <c>LegacySSDAnchorGenerator</c> (the V1 SSD300 row, <c>configs/legacy_1.x/ssd300_coco_v1.py</c>): the anchors
/// of <see cref="SSDAnchorGenerator"/> with sizes from <c>basesize_ratio_range</c> and <c>input_size</c>, centred at
/// ((stride − 1) / 2, (stride − 1) / 2) of each cell instead of stride / 2.
/// </summary>
/// <remarks>
/// <para>Example: SSD300's first level (stride 8, min size 21) has its 21×21 box at [−7, −7, 14, 14] rather than
/// [−6.5, −6.5, 14.5, 14.5].</para>
/// <para>This is MMDetection 3.x's class as its code runs: it derives from both <c>SSDAnchorGenerator</c> and
/// <c>LegacyAnchorGenerator</c>, and Python's method order makes <c>SSDAnchorGenerator.gen_single_level_base_anchors</c> the
/// one called, so only the centres are V1's — the "+1" sizes and rounded corners of <see cref="LegacyAnchorGenerator"/>
/// (which MMDetection 2.x's SSD generator did inherit) do not apply.</para>
/// </remarks>
public sealed class LegacySSDAnchorGenerator : SSDAnchorGenerator
{
    /// <summary>Creates the generator; arguments are MMDetection's in camelCase.</summary>
    /// <param name="strides"><c>strides</c> of each level.</param>
    /// <param name="ratios">Every level's <c>ratios</c>, one level after the other.</param>
    /// <param name="ratioCounts">How many of <paramref name="ratios"/> each level takes.</param>
    /// <param name="basesizeRatioRange"><c>basesize_ratio_range</c> (low, high).</param>
    /// <param name="inputSize"><c>input_size</c>: 300 or 512.</param>
    public LegacySSDAnchorGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<double> ratios, IReadOnlyList<int> ratioCounts,
        IReadOnlyList<double>? basesizeRatioRange = null, int inputSize = 300)
        : base(strides, ratios, ratioCounts, null, null, basesizeRatioRange, inputSize, legacyCentres: true)
    {
    }
}
