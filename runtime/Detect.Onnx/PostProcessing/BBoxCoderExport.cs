using Detect.Models.TaskModules.Coders;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;

namespace Detect.Onnx.PostProcessing;

/// <summary>
/// The ONNX form of a box coder's <c>decode</c> as a dense head calls it at test time (MMDetection's default
/// <c>wh_ratio_clip</c>, boxes clipped to the image): the same operations in the same order as the TorchSharp coder,
/// so decoded boxes agree to float32 rounding.
/// </summary>
public static class BBoxCoderExport
{
    /// <summary>The decoded n×4 xyxy boxes of <paramref name="priors"/> (n×4 boxes or n×2 points) and <paramref name="deltas"/> (n×4).</summary>
    /// <param name="g">The graph.</param>
    /// <param name="coder">The head's coder.</param>
    /// <param name="path">Name prefix of the nodes.</param>
    /// <param name="priors">The priors' value.</param>
    /// <param name="deltas">The predictions' value.</param>
    /// <param name="clipMax">A 4-vector (width, height, width, height) the boxes are clipped to, when the coder clips.</param>
    /// <exception cref="OnnxExportException">The coder has no ONNX form.</exception>
    public static string Decode(OnnxGraph g, IBBoxCoder coder, string path, string priors, string deltas, string clipMax)
    {
        switch (coder)
        {
            case DeltaXYWHBBoxCoder delta:
            {
                var d = g.Node("Add", path, [
                    g.Node("Mul", path, [deltas, g.Floats($"{path}.stds", [.. delta.TargetStds.Select(v => (float)v)], 4)]),
                    g.Floats($"{path}.means", [.. delta.TargetMeans.Select(v => (float)v)], 4)]);
                var (dxy, dwh) = Halves(g, path, d);
                var (p1, p2) = Halves(g, path, priors);
                var half = g.Floats($"{path}.half", [0.5f]);
                var pxy = g.Node("Mul", path, [g.Node("Add", path, [p1, p2]), half]);
                var pwh = g.Node("Sub", path, [p2, p1]);
                var dxyWh = g.Node("Mul", path, [pwh, dxy]);
                double maxRatio = Math.Abs(Math.Log(DeltaXYWHBBoxCoder.DefaultWhRatioClip));
                if (delta.AddCtrClamp)
                {
                    dxyWh = g.Node("Clip", path, [dxyWh, g.Floats($"{path}.ctr_low", [(float)-delta.CtrClamp]), g.Floats($"{path}.ctr_high", [(float)delta.CtrClamp])]);
                    dwh = g.Node("Min", path, [dwh, g.Floats($"{path}.ratio_high", [(float)maxRatio])]);
                }
                else
                {
                    dwh = g.Node("Clip", path, [dwh, g.Floats($"{path}.ratio_low", [(float)-maxRatio]), g.Floats($"{path}.ratio_high", [(float)maxRatio])]);
                }
                var gxy = g.Node("Add", path, [pxy, dxyWh]);
                var halfWh = g.Node("Mul", path, [g.Node("Mul", path, [pwh, g.Node("Exp", path, [dwh])]), half]);
                var boxes = g.Node("Concat", path, [g.Node("Sub", path, [gxy, halfWh]), g.Node("Add", path, [gxy, halfWh])], OnnxAttributes.Int("axis", -1));
                return delta.ClipBorder ? Clip(g, path, boxes, clipMax) : boxes;
            }
            case LegacyDeltaXYWHBBoxCoder legacy:
            {
                // MMDetection V1: "+1" widths, |dw|, |dh| clamped from both sides, centres ± 0.5·g (MMDetection keeps that
                // rather than ± 0.5·(g − 1)), boxes clipped to [0, size − 1]; Detect's coder operation for operation.
                var d = g.Node("Add", path, [
                    g.Node("Mul", path, [deltas, g.Floats($"{path}.stds", [.. legacy.TargetStds.Select(v => (float)v)], 4)]),
                    g.Floats($"{path}.means", [.. legacy.TargetMeans.Select(v => (float)v)], 4)]);
                var (dxy, dwh) = Halves(g, path, d);
                double maxRatio = Math.Abs(Math.Log(DeltaXYWHBBoxCoder.DefaultWhRatioClip));
                dwh = g.Node("Clip", path, [dwh, g.Floats($"{path}.ratio_low", [(float)-maxRatio]), g.Floats($"{path}.ratio_high", [(float)maxRatio])]);
                var (p1, p2) = Halves(g, path, priors);
                var half = g.Floats($"{path}.half", [0.5f]);
                var one = g.Floats($"{path}.one", [1f]);
                var pxy = g.Node("Mul", path, [g.Node("Add", path, [p1, p2]), half]);
                var pwh = g.Node("Add", path, [g.Node("Sub", path, [p2, p1]), one]);
                var gwh = g.Node("Mul", path, [pwh, g.Node("Exp", path, [dwh])]);
                var gxy = g.Node("Add", path, [pxy, g.Node("Mul", path, [pwh, dxy])]);
                var halfWh = g.Node("Mul", path, [gwh, half]);
                var boxes = g.Node("Concat", path, [g.Node("Sub", path, [gxy, halfWh]), g.Node("Add", path, [gxy, halfWh])], OnnxAttributes.Int("axis", -1));
                return Clip(g, path, boxes, g.Node("Sub", path, [clipMax, one]));
            }
            case DistancePointBBoxCoder distance:
            {
                var (near, far) = Halves(g, path, deltas);
                var boxes = g.Node("Concat", path, [g.Node("Sub", path, [priors, near]), g.Node("Add", path, [priors, far])], OnnxAttributes.Int("axis", -1));
                return distance.ClipBorder ? Clip(g, path, boxes, clipMax) : boxes;
            }
            case TorchvisionBoxCoder torchvision:
            {
                // torchvision's decode: widths = x2 − x1, centres = x1 + 0.5·widths, codes divided by the weights, dw/dh clamped from above.
                var (p1, p2) = Halves(g, path, priors);
                var wh = g.Node("Sub", path, [p2, p1]);
                var ctr = g.Node("Add", path, [p1, g.Node("Mul", path, [wh, g.Floats($"{path}.half", [0.5f])])]);
                var codes = g.Node("Div", path, [deltas, g.Floats($"{path}.weights", [.. torchvision.Weights.Select(v => (float)v)], 4)]);
                var (dxy, dwh) = Halves(g, path, codes);
                dwh = g.Node("Min", path, [dwh, g.Floats($"{path}.xform_clip", [(float)torchvision.BboxXformClip])]);
                var predCtr = g.Node("Add", path, [g.Node("Mul", path, [dxy, wh]), ctr]);
                var halfWh = g.Node("Mul", path, [g.Node("Mul", path, [g.Node("Exp", path, [dwh]), wh]), g.Floats($"{path}.half", [0.5f])]);
                var boxes = g.Node("Concat", path, [g.Node("Sub", path, [predCtr, halfWh]), g.Node("Add", path, [predCtr, halfWh])], OnnxAttributes.Int("axis", -1));
                return Clip(g, path, boxes, clipMax);
            }
            default:
                throw new OnnxExportException($"{path}: the box coder {coder.GetType().FullName} has no ONNX form for --with-postprocess " +
                    $"(written: {nameof(DeltaXYWHBBoxCoder)}, {nameof(LegacyDeltaXYWHBBoxCoder)}, {nameof(DistancePointBBoxCoder)}, {nameof(TorchvisionBoxCoder)}); export the raw outputs instead.");
        }
    }

    // MMDetection's clamp to [0, (w, h, w, h)].
    static string Clip(OnnxGraph g, string path, string boxes, string clipMax) =>
        g.Node("Min", path, [g.Node("Max", path, [boxes, g.Floats($"{path}.zero", [0f])]), clipMax]);

    // Columns 0–1 and 2–3 of an n×4 value.
    static (string First, string Second) Halves(OnnxGraph g, string path, string value)
    {
        var parts = g.Nodes("Split", path, 2, [value, g.Int64s($"{path}.split", 2, 2)], OnnxAttributes.Int("axis", -1));
        return (parts[0], parts[1]);
    }
}
