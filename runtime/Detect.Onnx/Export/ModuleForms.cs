using Detect.Onnx.Backbones;
using Detect.Onnx.Detectors;
using Detect.Onnx.Heads;
using Detect.Onnx.Layers;
using Detect.Onnx.Necks;
using Detect.Onnx.RoIHeads;

namespace Detect.Onnx.Export;

/// <summary>The ONNX forms of the modules Detect's zoo is built from; anything else is an <see cref="OnnxExportException"/>.</summary>
public static class ModuleForms
{
    /// <summary>Every form, specific types first.</summary>
    public static IReadOnlyList<IModuleExport> All { get; } =
    [
        new SingleStageDetectorExport(),
        new TwoStageDetectorExport(),
        new ResNetExport(),
        new SSDVGGExport(),
        new ResidualBlockExport(),
        new FpnExport(),
        new SSDNeckExport(),
        new RetinaHeadExport(),
        new FcosHeadExport(),
        new AtssHeadExport(),
        new SSDHeadExport(),
        new RPNHeadExport(),
        new StandardRoIHeadExport(),
        new CascadeRoIHeadExport(),
        new Shared2FCBBoxHeadExport(),
        new FCNMaskHeadExport(),
        new ConvModuleExport(),
        new SequentialExport(),
        new ConvExport(),
        new LinearExport(),
        new NormExport(),
        new ActivationExport(),
        new PoolExport(),
        new ScaleExport(),
        new L2NormExport(),
    ];
}
