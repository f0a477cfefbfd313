using Detect.Models.Detectors;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Detectors;

/// <summary>
/// A <see cref="SingleStageDetector"/> (RetinaNet, FCOS...) from the preprocessed batch to its dense head's raw
/// outputs: backbone, neck, head (MMDetection's <c>'tensor'</c> mode; post-processing stays outside the graph).
/// </summary>
public sealed class SingleStageDetectorExport : ModuleExport<SingleStageDetector>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, SingleStageDetector module, string path, IReadOnlyList<string> inputs)
    {
        var features = context.Emit(module.Backbone, ExportContext.Join(path, "backbone"), inputs);
        if (module.Neck is { } neck) features = context.Emit(neck, ExportContext.Join(path, "neck"), features);
        return context.Emit(module.BboxHead, ExportContext.Join(path, "bbox_head"), features);
    }
}
