using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// Anchors of anchor-based heads (RPN, RetinaNet, ATSS…), as MMDetection's <c>AnchorGenerator</c>.
/// </summary>
/// <remarks>
/// <para>Each level has base anchors centred at <c>centerOffset · baseSize</c> (or at <c>centers</c>):
/// for ratio r = h/w and scale s, width = baseSize·s/√r and height = baseSize·s·√r. They are ordered
/// ratio-major (<c>scaleMajor</c>, MMDetection V2's default) or scale-major otherwise, and shifted by the
/// stride over the feature map. Scales are either <c>scales</c> or <c>octaveBaseScale</c> ·
/// 2^(i / <c>scalesPerOctave</c>) (RetinaNet). Base anchors are computed in float32 with the same
/// operations as MMDetection, so they are the same numbers.</para>
/// <para><c>roundBaseAnchors</c> rounds base anchors to integers (half to even) as torchvision's
/// <c>AnchorGenerator</c> does; with <c>centerOffset</c> 0, <c>baseSizes</c> = strides and scales such that
/// stride · scale is torchvision's size, the anchors equal torchvision's.</para>
/// <para>Example: <c>new AnchorGenerator(strides: [16], ratios: [1.0], scales: [1.0], baseSizes: [9])</c> on a
/// 2×2 map gives [−4.5, −4.5, 4.5, 4.5], [11.5, −4.5, 20.5, 4.5], [−4.5, 11.5, 4.5, 20.5], [11.5, 11.5, 20.5, 20.5].</para>
/// </remarks>
public class AnchorGenerator : IPriorGenerator
{
    readonly float[][] baseAnchors;

    /// <summary>Creates a generator; MMDetection's arguments, camelCased.</summary>
    /// <param name="strides">Stride of each level; also the base size when <paramref name="baseSizes"/> is null (the shorter side of non-square strides).</param>
    /// <param name="ratios">Height / width ratios of the base anchors.</param>
    /// <param name="scales">Anchor scales; exclusive with <paramref name="octaveBaseScale"/> and <paramref name="scalesPerOctave"/>.</param>
    /// <param name="baseSizes">Base size of each level.</param>
    /// <param name="scaleMajor">true: anchors of one ratio are consecutive (ratio-major order, MMDetection V2).</param>
    /// <param name="octaveBaseScale">Base scale of the octave scales.</param>
    /// <param name="scalesPerOctave">Number of octave scales.</param>
    /// <param name="centers">Explicit base-anchor centre per level, relative to the cell; exclusive with a non-zero <paramref name="centerOffset"/>.</param>
    /// <param name="centerOffset">Base-anchor centre as a fraction of the base size, in [0, 1].</param>
    /// <param name="roundBaseAnchors">Round base anchors to integers, as torchvision does.</param>
    public AnchorGenerator(
        IReadOnlyList<Stride> strides,
        IReadOnlyList<double> ratios,
        IReadOnlyList<double>? scales = null,
        IReadOnlyList<double>? baseSizes = null,
        bool scaleMajor = true,
        double? octaveBaseScale = null,
        int? scalesPerOctave = null,
        IReadOnlyList<(double X, double Y)>? centers = null,
        double centerOffset = 0.0,
        bool roundBaseAnchors = false)
    {
        if (strides.Count == 0) throw new ArgumentException("strides must name at least one level.", nameof(strides));
        if (ratios.Count == 0) throw new ArgumentException("ratios must not be empty.", nameof(ratios));
        if (centerOffset != 0 && centers is not null)
            throw new ArgumentException($"centers cannot be set when centerOffset is {centerOffset} (not 0).", nameof(centers));
        if (centerOffset is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(centerOffset), centerOffset, "centerOffset must be in [0, 1].");
        if (centers is not null && centers.Count != strides.Count)
            throw new ArgumentException($"centers has {centers.Count} levels but strides has {strides.Count}.", nameof(centers));
        if (baseSizes is not null && baseSizes.Count != strides.Count)
            throw new ArgumentException($"baseSizes has {baseSizes.Count} levels but strides has {strides.Count}.", nameof(baseSizes));
        bool octave = octaveBaseScale is not null && scalesPerOctave is not null;
        if (octave == (scales is not null))
            throw new ArgumentException("Set either scales, or octaveBaseScale together with scalesPerOctave (not both).", nameof(scales));

        Strides = strides.ToArray();
        Ratios = ratios.ToArray();
        // Octave scales are computed in double (numpy) and stored in float32, as MMDetection does.
        Scales = octave
            ? Enumerable.Range(0, scalesPerOctave!.Value).Select(i => Math.Pow(2, i / (double)scalesPerOctave) * octaveBaseScale!.Value).ToArray()
            : scales!.ToArray();
        BaseSizes = baseSizes?.ToArray() ?? Strides.Select(s => (double)Math.Min(s.W, s.H)).ToArray();
        ScaleMajor = scaleMajor;
        Centers = centers?.ToArray();
        CenterOffset = centerOffset;
        RoundBaseAnchors = roundBaseAnchors;
        baseAnchors = BaseSizes.Select((size, level) => SingleLevelBaseAnchors(size, Centers?[level])).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<Stride> Strides { get; }

    /// <summary>Height / width ratios.</summary>
    public IReadOnlyList<double> Ratios { get; }

    /// <summary>Anchor scales (the octave scales when built from octaveBaseScale).</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <summary>Base size per level.</summary>
    public IReadOnlyList<double> BaseSizes { get; }

    /// <summary>Whether anchors of one ratio are consecutive.</summary>
    public bool ScaleMajor { get; }

    /// <summary>Explicit centres per level, if given.</summary>
    public IReadOnlyList<(double X, double Y)>? Centers { get; }

    /// <summary>Centre offset as a fraction of the base size.</summary>
    public double CenterOffset { get; }

    /// <summary>Whether base anchors are rounded (torchvision).</summary>
    public bool RoundBaseAnchors { get; }

    /// <inheritdoc />
    public int NumLevels => Strides.Count;

    /// <inheritdoc />
    public IReadOnlyList<int> NumBasePriors => baseAnchors.Select(a => a.Length / 4).ToArray();

    /// <summary>Base anchors of one level as an A×4 float32 tensor (caller owns it).</summary>
    public Tensor BaseAnchors(int levelIdx, Device? device = null) =>
        tensor(baseAnchors[levelIdx], device: device).reshape(-1, 4);

    /// <inheritdoc />
    public Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        PriorGrid.CheckLevels(NumLevels, featmapSizes.Count, nameof(featmapSizes));
        return featmapSizes.Select((size, level) => SingleLevelGridPriors(size, level, dtype, device)).ToArray();
    }

    /// <inheritdoc />
    public Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var scope = NewDisposeScope();
        return PriorGrid.ShiftedAnchors(BaseAnchors(levelIdx, device), featmapSize, Strides[levelIdx], dtype, device).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var scope = NewDisposeScope();
        int count = baseAnchors[levelIdx].Length / 4;
        var stride = Strides[levelIdx];
        using var anchorsPerCell = count.ToScalar();
        using var width = featmapSize.Width.ToScalar();
        using var height = featmapSize.Height.ToScalar();
        using var strideW = stride.W.ToScalar();
        using var strideH = stride.H.ToScalar();
        var x = priorIdxs.div(anchorsPerCell, rounding_mode: RoundingMode.floor).remainder(width).mul(strideW);
        var y = priorIdxs.div(width, rounding_mode: RoundingMode.floor).div(anchorsPerCell, rounding_mode: RoundingMode.floor)
            .remainder(height).mul(strideH);
        var baseIds = priorIdxs.remainder(anchorsPerCell).to(device ?? priorIdxs.device);
        var priors = stack([x, y, x, y], 1).to(dtype).to(device ?? priorIdxs.device)
                     .add(BaseAnchors(levelIdx, device ?? priorIdxs.device).to(dtype).index_select(0, baseIds), Scalars.One);
        return priors.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null) =>
        PriorGrid.ValidFlags(featmapSizes, padShape, Strides, NumBasePriors, device);

    /// <summary>
    /// Base anchors of one level, flattened A×4, in float32 with MMDetection's operation order
    /// (h_ratios = √r, w_ratios = 1 / h_ratios, ws = base · w_ratio · scale, corners = centre ∓ 0.5 · ws).
    /// </summary>
    protected virtual float[] SingleLevelBaseAnchors(double baseSize, (double X, double Y)? center)
    {
        var (ws, hs) = AnchorSizes((float)baseSize);
        float cx = (float)(center?.X ?? CenterOffset * baseSize), cy = (float)(center?.Y ?? CenterOffset * baseSize);
        var anchors = new float[ws.Length * 4];
        for (int a = 0; a < ws.Length; a++)
        {
            anchors[4 * a] = cx - 0.5f * ws[a];
            anchors[4 * a + 1] = cy - 0.5f * hs[a];
            anchors[4 * a + 2] = cx + 0.5f * ws[a];
            anchors[4 * a + 3] = cy + 0.5f * hs[a];
        }
        return RoundBaseAnchors ? anchors.Select(v => MathF.Round(v, MidpointRounding.ToEven)).ToArray() : anchors;
    }

    /// <summary>Widths and heights of the base anchors of a level, in the configured order (float32).</summary>
    protected (float[] Widths, float[] Heights) AnchorSizes(float baseSize)
    {
        float[] scales = Scales.Select(s => (float)s).ToArray();
        float[] hRatios = Ratios.Select(r => MathF.Sqrt((float)r)).ToArray();
        float[] wRatios = hRatios.Select(h => 1f / h).ToArray();
        int count = scales.Length * hRatios.Length;
        var ws = new float[count];
        var hs = new float[count];
        for (int r = 0; r < hRatios.Length; r++)
        for (int s = 0; s < scales.Length; s++)
        {
            int a = ScaleMajor ? r * scales.Length + s : s * hRatios.Length + r;
            // (base · w_ratio) · scale or (base · scale) · w_ratio: the product order MMDetection uses.
            ws[a] = ScaleMajor ? baseSize * wRatios[r] * scales[s] : baseSize * scales[s] * wRatios[r];
            hs[a] = ScaleMajor ? baseSize * hRatios[r] * scales[s] : baseSize * scales[s] * hRatios[r];
        }
        return (ws, hs);
    }
}
