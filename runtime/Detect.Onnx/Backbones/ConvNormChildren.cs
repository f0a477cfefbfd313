using Detect.Onnx.Export;
using Detect.Onnx.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Backbones;

/// <summary>The ResNet family's numbered pairs: child <c>conv{i}</c> and its norm <c>bn{i}</c> or <c>gn{i}</c>, written as one folded Conv.</summary>
static class ConvNormChildren
{
    /// <summary>Whether <paramref name="module"/> has a child <c>conv{index}</c>.</summary>
    public static bool Has(nn.Module module, int index) => ExportContext.OptionalChild(module, $"conv{index}") is Conv2d;

    /// <summary><c>norm{index}(conv{index}(input))</c>.</summary>
    public static string Write(ExportContext context, nn.Module module, string path, int index, string input)
    {
        var normName = ExportContext.OptionalChild(module, $"bn{index}") is null ? $"gn{index}" : $"bn{index}";
        return ConvExport.WriteConvNorm(context, (Conv2d)ExportContext.Child(module, path, $"conv{index}"), ExportContext.Join(path, $"conv{index}"),
            ExportContext.Child(module, path, normName), ExportContext.Join(path, normName), input);
    }
}
