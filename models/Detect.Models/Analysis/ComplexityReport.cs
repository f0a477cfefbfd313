using Detect.Config;
using System.Text;

namespace Detect.Models.Analysis;

/// <summary>
/// What <see cref="ComplexityCounter"/> measured, printed as MMCV and MMDetection print it: the per-module tree of
/// <c>print_model_with_flops</c> and the summary block of <c>tools/analysis_tools/get_flops.py</c>.
/// </summary>
/// <param name="Root">The model's tree.</param>
/// <param name="InputShape">One input without the batch dimension, e.g. (3, 1280, 800).</param>
/// <param name="Trainable">Parameters with <c>requires_grad</c>: MMCV's "Params" (frozen stages are not counted).</param>
/// <param name="All">Every parameter (trainable or frozen); buffers such as running statistics are not parameters.</param>
public sealed record ComplexityReport(ModuleComplexity Root, long[] InputShape, long Trainable, long All)
{
    /// <summary>Total FLOPs (multiply-adds) of one forward, per image.</summary>
    public long Flops => Root.Flops;

    /// <summary>MMCV's <c>print_model_with_flops</c> (units M and GFLOPs, 3 decimals), down to <paramref name="maxDepth"/> levels.</summary>
    public string FormatTree(int maxDepth = int.MaxValue) => Repr(Root, 0, maxDepth);

    /// <summary>MMDetection's summary block: <c>Input shape</c>, <c>Flops</c>, <c>Params</c> between lines of <c>=</c>.</summary>
    public string FormatSummary()
    {
        var line = new string('=', 30);
        return $"{line}\nInput shape: ({string.Join(", ", InputShape)})\nFlops: {FlopsToString(Flops)}\nParams: {ParamsToString(Trainable)}\n{line}";
    }

    /// <summary>MMCV's <c>flops_to_string</c> with a fixed unit: <c>str(round(flops / 10**9, precision)) + ' GFLOPs'</c>.</summary>
    public static string FlopsToString(double flops, string units = "GFLOPs", int precision = 2)
    {
        double scale = units switch { "GFLOPs" => 1e9, "MFLOPs" => 1e6, "KFLOPs" => 1e3, _ => 0 };
        return scale == 0 ? $"{PythonFloat.Str(flops)} FLOPs" : $"{PythonFloat.Str(PythonFloat.Round(flops / scale, precision))} {units}";
    }

    /// <summary>MMCV's <c>params_to_string</c>: with no unit, M or k picked by size (<c>37.74 M</c>); or in <paramref name="units"/> M.</summary>
    public static string ParamsToString(long numParams, string? units = null, int precision = 2)
    {
        if (units == "M" || (units is null && numParams / 1_000_000 > 0))
            return $"{PythonFloat.Str(PythonFloat.Round(numParams / 1e6, precision))} M";
        if (units is null && numParams / 1_000 != 0)
            return $"{PythonFloat.Str(PythonFloat.Round(numParams / 1e3, precision))} k";
        return numParams.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // torch.nn.Module.__repr__ with MMCV's extra_repr: "params, % Params, flops, % FLOPs, original extra_repr".
    string Repr(ModuleComplexity node, int depth, int maxDepth)
    {
        var extra = $"{ParamsToString(node.Params, "M", 3)}, {Percent(node.Params, Trainable)} Params, " +
            $"{FlopsToString(node.Flops, "GFLOPs", 3)}, {Percent(node.Flops, Flops)} FLOPs, {node.Description}";
        if (node.Children.Count == 0 || depth >= maxDepth) return $"{node.TypeName}({extra})";
        var text = new StringBuilder(node.TypeName).Append("(\n  ").Append(extra);
        foreach (var child in node.Children)
            text.Append("\n  (").Append(child.Name).Append("): ").Append(Repr(child, depth + 1, maxDepth).Replace("\n", "\n  "));
        return text.Append("\n)").ToString();
    }

    // Python's f'{part / whole:.3%}'.
    static string Percent(long part, long whole) => (whole == 0 ? "0.000" : PythonFloat.Fixed((double)part / whole * 100, 3)) + "%";
}
