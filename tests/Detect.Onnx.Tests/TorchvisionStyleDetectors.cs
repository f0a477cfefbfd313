using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.Detectors;
using Detect.Models.Necks;
using Detect.Models.PostProcessing;
using Detect.Models.RoIHeads;
using Detect.Models.Layers;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.Tests.Detectors;

namespace Detect.Onnx.Tests;

/// <summary>
/// Small detectors with the settings the torchvision models use and the MMDetection-style small detectors do not:
/// <see cref="TorchvisionBoxCoder"/>, FCOS's √(score · centerness) scoring, <c>aligned=False</c> RoIAlign with a fixed
/// sampling ratio, a positive <c>min_bbox_size</c>, and NMS class by class (<c>split_thr</c> 1, below every candidate count).
/// </summary>
internal static class TorchvisionStyleDetectors
{
    /// <summary>retinanet_tv, fcos_tv, faster_rcnn_tv or mask_rcnn_tv, in evaluation mode (not yet seeded: <see cref="ExportedDetectors.Build"/> seeds).</summary>
    public static Detector Build(string name)
    {
        const int classes = SmallDetectors.NumClasses;
        var nms = new NmsConfig(0.5, splitThr: 1);
        var preprocessor = new DetDataPreprocessor(mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], bgrToRgb: true, padSizeDivisor: 32, padMask: true);
        var backbone = new ResNet(18, baseChannels: 8);
        return name switch
        {
            "retinanet_tv" => new RetinaNet(backbone, new Fpn([8, 16, 32, 64], 16, 5, startLevel: 1, addExtraConvs: ExtraConvs.OnInput),
                new RetinaHead(classes, 16, new AnchorGenerator(strides: [8, 16, 32, 64, 128], ratios: [0.5, 1.0, 2.0], octaveBaseScale: 4, scalesPerOctave: 3),
                    featChannels: 16, stackedConvs: 1, bboxCoder: new TorchvisionBoxCoder([1, 1, 1, 1]),
                    testCfg: new DenseTestConfig(nmsPre: 300, scoreThr: 0, nms: nms, maxPerImg: 100, minBboxSize: 0.5)),
                dataPreprocessor: preprocessor),
            "fcos_tv" => new FCOS(backbone, new Fpn([8, 16, 32, 64], 16, 5, startLevel: 1, addExtraConvs: ExtraConvs.OnOutput, reluBeforeExtraConvs: true),
                new FCOSHead(classes, 16, featChannels: 16, stackedConvs: 1, strides: [8, 16, 32, 64, 128], normCfg: NormConfig.GN(8), centerSampling: true,
                    normOnBbox: true, centernessOnReg: true, centernessScoring: CenternessScoring.GeometricMean,
                    priorGenerator: new MlvlPointGenerator([8, 16, 32, 64, 128], offset: 0),
                    testCfg: new DenseTestConfig(nmsPre: 300, scoreThr: 0, nms: new NmsConfig(0.6, splitThr: 1), maxPerImg: 100, minBboxSize: -1)),
                dataPreprocessor: preprocessor),
            "faster_rcnn_tv" => new FasterRCNN(backbone, new Fpn([8, 16, 32, 64], 16, 5),
                new RPNHead(16, new AnchorGenerator(strides: [4, 8, 16, 32, 64], ratios: [0.5, 1.0, 2.0], scales: [8]), featChannels: 16,
                    bboxCoder: new TorchvisionBoxCoder([1, 1, 1, 1]), testCfg: RpnTest()),
                new StandardRoIHead(new SingleRoIExtractor(new RoIAlignLayer(7, samplingRatio: 2, aligned: false), 16, [4, 8, 16, 32]),
                    new Shared2FCBBoxHead(classes, inChannels: 16, fcOutChannels: 32, bboxCoder: new TorchvisionBoxCoder([10, 10, 5, 5])),
                    testCfg: new RcnnTestConfig(scoreThr: 0.0, nms: nms, maxPerImg: 100, minBboxSize: 0.01)),
                dataPreprocessor: preprocessor),
            "mask_rcnn_tv" => new MaskRCNN(backbone, new Fpn([8, 16, 32, 64], 16, 5),
                new RPNHead(16, new AnchorGenerator(strides: [4, 8, 16, 32, 64], ratios: [0.5, 1.0, 2.0], scales: [8]), featChannels: 16,
                    bboxCoder: new TorchvisionBoxCoder([1, 1, 1, 1]), testCfg: RpnTest()),
                new StandardRoIHead(new SingleRoIExtractor(new RoIAlignLayer(7, samplingRatio: 2, aligned: false), 16, [4, 8, 16, 32]),
                    new Shared2FCBBoxHead(classes, inChannels: 16, fcOutChannels: 32, bboxCoder: new TorchvisionBoxCoder([10, 10, 5, 5])),
                    new SingleRoIExtractor(new RoIAlignLayer(14, samplingRatio: 2, aligned: false), 16, [4, 8, 16, 32]),
                    new FCNMaskHead(classes, numConvs: 2, inChannels: 16, convOutChannels: 16),
                    testCfg: new RcnnTestConfig(scoreThr: 0.0, nms: nms, maxPerImg: 100, maskThrBinary: 0.5, minBboxSize: 0.01)),
                dataPreprocessor: preprocessor),
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>torchvision's RPN at inference (<c>test_cfg.rpn</c>): 1000 proposals, class-by-class NMS, a positive <c>min_bbox_size</c>.</summary>
    static DenseTestConfig RpnTest() => new(nmsPre: 1000, nms: new NmsConfig(0.7, splitThr: 1), maxPerImg: 1000, minBboxSize: 1e-3);
}
