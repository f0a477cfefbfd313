namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// MMDetection V1 / Detectron anchors (MMDetection's <c>LegacyAnchorGenerator</c>): widths and heights
/// are "+1" sizes, so corners are centre ∓ 0.5 · (size − 1) with the centre at
/// <c>centerOffset</c> · (baseSize − 1), and corners are rounded. V1 models use <c>centerOffset: 0.5</c>.
/// </summary>
/// <remarks>
/// Example: <c>new LegacyAnchorGenerator(strides: [16], ratios: [1.0], scales: [1.0], baseSizes: [9], centerOffset: 0.5)</c>
/// on a 2×2 map gives [0, 0, 8, 8], [16, 0, 24, 8], [0, 16, 8, 24], [16, 16, 24, 24].
/// Exists to reproduce V1 checkpoints on purpose; new models use <see cref="AnchorGenerator"/>.
/// </remarks>
public sealed class LegacyAnchorGenerator(
    IReadOnlyList<Stride> strides,
    IReadOnlyList<double> ratios,
    IReadOnlyList<double>? scales = null,
    IReadOnlyList<double>? baseSizes = null,
    bool scaleMajor = true,
    double? octaveBaseScale = null,
    int? scalesPerOctave = null,
    IReadOnlyList<(double X, double Y)>? centers = null,
    double centerOffset = 0.0)
    : AnchorGenerator(strides, ratios, scales, baseSizes, scaleMajor, octaveBaseScale, scalesPerOctave, centers, centerOffset)
{
    /// <inheritdoc />
    protected override float[] SingleLevelBaseAnchors(double baseSize, (double X, double Y)? center)
    {
        var (ws, hs) = AnchorSizes((float)baseSize);
        float cx = (float)(center?.X ?? CenterOffset * (baseSize - 1)), cy = (float)(center?.Y ?? CenterOffset * (baseSize - 1));
        var anchors = new float[ws.Length * 4];
        for (int a = 0; a < ws.Length; a++)
        {
            anchors[4 * a] = cx - 0.5f * (ws[a] - 1);
            anchors[4 * a + 1] = cy - 0.5f * (hs[a] - 1);
            anchors[4 * a + 2] = cx + 0.5f * (ws[a] - 1);
            anchors[4 * a + 3] = cy + 0.5f * (hs[a] - 1);
        }
        // torch.round: half to even.
        return anchors.Select(v => MathF.Round(v, MidpointRounding.ToEven)).ToArray();
    }
}
