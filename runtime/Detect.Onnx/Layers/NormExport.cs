using Detect.Models.Layers;
using Detect.Onnx.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Layers;

/// <summary>
/// Norm layers not folded into a conv: BatchNorm and frozen BatchNorm as <c>BatchNormalization</c> (running statistics,
/// evaluation mode); GroupNorm in opset-17 operators, <c>Reshape(N, G, −1)</c> → <c>InstanceNormalization</c> (unit
/// scale, zero bias) → <c>Reshape</c> back → per-channel <c>Mul</c> and <c>Add</c> of its weight and bias.
/// </summary>
public sealed class NormExport : IModuleExport
{
    /// <inheritdoc/>
    public bool Handles(nn.Module module) => module is BatchNorm or FrozenBatchNorm2d or GroupNorm;

    /// <inheritdoc/>
    public IReadOnlyList<string> Emit(ExportContext context, nn.Module module, string path, IReadOnlyList<string> inputs) => module switch
    {
        GroupNorm gn => [GroupNormalization(context, gn, path, inputs[0])],
        BatchNorm bn when bn.running_mean is { } mean && bn.running_var is { } var =>
            [BatchNormalization(context, path, inputs[0], bn.weight ?? ones_like(mean), bn.bias ?? zeros_like(mean), mean, var, bn.eps)],
        FrozenBatchNorm2d f => [BatchNormalization(context, path, inputs[0], f.Weight, f.Bias, f.RunningMean, f.RunningVar, f.Eps)],
        _ => throw new OnnxExportException($"{path} ({module.GetType().Name}): a BatchNorm without running statistics has no evaluation-mode ONNX form."),
    };

    static string BatchNormalization(ExportContext context, string path, string input, Tensor weight, Tensor bias, Tensor mean, Tensor var, double eps)
    {
        var g = context.Graph;
        return g.Node("BatchNormalization", path,
            [input, g.Initializer($"{path}.weight", weight), g.Initializer($"{path}.bias", bias),
             g.Initializer($"{path}.running_mean", mean), g.Initializer($"{path}.running_var", var)],
            Graph.OnnxAttributes.Float("epsilon", eps));
    }

    static string GroupNormalization(ExportContext context, GroupNorm gn, string path, string input)
    {
        var g = context.Graph;
        long groups = gn.num_groups;
        var grouped = g.Node("Reshape", path, [input, g.Int64s($"{path}.group_shape", 0, groups, -1)]);
        var normalized = g.Node("InstanceNormalization", path,
            [grouped, g.Floats($"{path}.unit_scale", [.. Enumerable.Repeat(1f, (int)groups)], groups),
             g.Floats($"{path}.zero_bias", new float[groups], groups)],
            Graph.OnnxAttributes.Float("epsilon", gn.eps));
        var y = g.Node("Reshape", path, [normalized, g.Node("Shape", path, [input])]);
        if (!gn.affine || gn.weight is null || gn.bias is null) return y;
        using var weight = gn.weight.detach().reshape(-1, 1, 1);
        using var bias = gn.bias.detach().reshape(-1, 1, 1);
        y = g.Node("Mul", path, [y, g.Initializer($"{path}.weight", weight)]);
        return g.Node("Add", path, [y, g.Initializer($"{path}.bias", bias)]);
    }
}
