using Detect.Onnx.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Heads;

/// <summary>The class and regression towers (<c>cls_convs</c>, <c>reg_convs</c>) of a dense head on one level (the same modules, and initializers, on every level).</summary>
static class DenseTowers
{
    /// <summary>The level's feature after <c>cls_convs</c> and after <c>reg_convs</c>.</summary>
    public static (string Cls, string Reg) Emit(ExportContext context, nn.Module head, string path, string feature) =>
        (Tower(context, head, path, "cls_convs", feature), Tower(context, head, path, "reg_convs", feature));

    static string Tower(ExportContext context, nn.Module head, string path, string name, string feature)
    {
        var x = feature;
        var convs = (ModuleList<Models.Layers.ConvModule>)ExportContext.Child(head, path, name);
        for (int i = 0; i < convs.Count; i++) x = context.EmitSingle(convs[i], $"{path}.{name}.{i}", x);
        return x;
    }
}
