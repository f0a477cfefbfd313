using Detect.Models.Detectors;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Detectors;

/// <summary>
/// A <see cref="SingleStageDetector"/> (RetinaNet, FCOS...) from the preprocessed batch to its dense head's raw
/// outputs: backbone, neck, head (MMDetection's <c>'tensor'</c> mode; post-processing stays outside the graph).
/// </summary>
public sealed class SingleStageDetectorExport : IModuleExport
{
    /// <inheritdoc/>
    public bool Handles(nn.Module module) => module is SingleStageDetector;

    /// <inheritdoc/>
    public IReadOnlyList<string> Emit(ExportContext context, nn.Module module, string path, IReadOnlyList<string> inputs)
    {
        var detector = (SingleStageDetector)module;
        var features = context.Emit(detector.Backbone, ExportContext.Join(path, "backbone"), inputs);
        if (detector.Neck is { } neck) features = context.Emit(neck, ExportContext.Join(path, "neck"), features);
        return context.Emit(detector.BboxHead, ExportContext.Join(path, "bbox_head"), features);
    }
}
