using Detect.Models.Necks;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using Detect.Onnx.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Necks;

/// <summary>
/// MMDetection's <see cref="Fpn"/>: laterals, the top-down path with nearest upsampling, output convs and the extra
/// levels (max pool or stride-2 convs). The upsampling is <c>Resize</c> (nearest, <c>asymmetric</c>, <c>floor</c>) to
/// the finer lateral's size read with <c>Shape</c>: PyTorch's legacy <c>interpolate(..., size, mode='nearest')</c>,
/// source index ⌊dst · in / out⌋, also for odd sizes and symbolic input shapes.
/// </summary>
public sealed class FpnExport : ModuleExport<Fpn>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, Fpn module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var lateralConvs = (ModuleList<Models.Layers.ConvModule>)ExportContext.Child(module, path, "lateral_convs");
        var fpnConvs = (ModuleList<Models.Layers.ConvModule>)ExportContext.Child(module, path, "fpn_convs");
        var laterals = lateralConvs.Select((conv, i) => context.EmitSingle(conv, $"{path}.lateral_convs.{i}", inputs[i + module.StartLevel])).ToList();
        for (int i = laterals.Count - 1; i > 0; i--)
        {
            var upsampled = Upsample(g, $"{path}.top_down.{i}", laterals[i], laterals[i - 1]);
            laterals[i - 1] = g.Node("Add", $"{path}.top_down.{i}", [laterals[i - 1], upsampled]);
        }
        var outs = laterals.Select((l, i) => context.EmitSingle(fpnConvs[i], $"{path}.fpn_convs.{i}", l)).ToList();
        if (module.NumOuts > outs.Count)
        {
            if (module.AddExtraConvs == ExtraConvs.None)
            {
                while (outs.Count < module.NumOuts)
                    outs.Add(PoolExport.Write(g, $"{path}.max_pool.{outs.Count}", outs[^1], [1, 1], [2, 2], [0, 0], [1, 1], ceilMode: false));
            }
            else
            {
                var source = module.AddExtraConvs switch
                {
                    ExtraConvs.OnInput => inputs[laterals.Count + module.StartLevel - 1],
                    ExtraConvs.OnLateral => laterals[^1],
                    _ => outs[^1],
                };
                outs.Add(context.EmitSingle(fpnConvs[laterals.Count], $"{path}.fpn_convs.{laterals.Count}", source));
                for (int i = laterals.Count + 1; i < module.NumOuts; i++)
                {
                    var input = module.ReluBeforeExtraConvs ? g.Node("Relu", $"{path}.fpn_convs.{i}", [outs[^1]]) : outs[^1];
                    outs.Add(context.EmitSingle(fpnConvs[i], $"{path}.fpn_convs.{i}", input));
                }
            }
        }
        return outs;
    }

    // Nearest upsampling of `coarse` to the spatial size of `fine`: sizes = shape(coarse)[:2] ++ shape(fine)[2:].
    static string Upsample(OnnxGraph g, string path, string coarse, string fine)
    {
        var head = g.Node("Slice", path, [g.Node("Shape", path, [coarse]), g.Int64s($"{path}.zero", 0), g.Int64s($"{path}.two", 2)]);
        var tail = g.Node("Slice", path, [g.Node("Shape", path, [fine]), g.Int64s($"{path}.two", 2), g.Int64s($"{path}.four", 4)]);
        var sizes = g.Node("Concat", path, [head, tail], OnnxAttributes.Int("axis", 0));
        return g.Node("Resize", path, [coarse, "", "", sizes],
            OnnxAttributes.String("mode", "nearest"),
            OnnxAttributes.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttributes.String("nearest_mode", "floor"));
    }
}
