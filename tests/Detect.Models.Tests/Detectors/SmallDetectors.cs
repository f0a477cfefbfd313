using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.Detectors;
using Detect.Models.Layers;
using Detect.Models.Necks;
using Detect.Models.PostProcessing;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.TaskModules.Samplers;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// Small detectors built as MMDetection's configs build them (ResNet-18 at base width 8, a 16-channel FPN, three classes),
/// with MMDetection's train and test settings, and batches of odd-sized images.
/// </summary>
internal static class SmallDetectors
{
    public const int NumClasses = 3;

    public static readonly string[] Names = ["retinanet", "fcos", "faster_rcnn", "mask_rcnn"];

    static DetDataPreprocessor Preprocessor() =>
        new(mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], bgrToRgb: true, padSizeDivisor: 32, padMask: true);

    static ResNet Backbone() => new(18, baseChannels: 8);

    /// <summary>
    /// The detector <paramref name="name"/>, its random weights drawn from a fixed seed; a two-stage one's heads take
    /// <paramref name="testCfg"/> when given (<see cref="TwoStageTest"/> otherwise).
    /// </summary>
    public static Detector Build(string name, long seed = 0, TwoStageTestConfig? testCfg = null) => Seeded.Build(() => Create(name, testCfg), seed);

    static Detector Create(string name, TwoStageTestConfig? testCfg) => name switch
    {
        "retinanet" => new RetinaNet(Backbone(), new Fpn([8, 16, 32, 64], 16, 5, startLevel: 1, addExtraConvs: ExtraConvs.OnInput),
            new RetinaHead(NumClasses, 16, new AnchorGenerator(strides: [8, 16, 32, 64, 128], ratios: [0.5, 1.0, 2.0], octaveBaseScale: 4, scalesPerOctave: 3),
                featChannels: 16, stackedConvs: 1, trainCfg: new DenseTrainConfig(new MaxIoUAssigner(0.5, 0.4, minPosIou: 0)),
                testCfg: new DenseTestConfig(scoreThr: 0)),
            Preprocessor()),
        "fcos" => new FCOS(Backbone(), new Fpn([8, 16, 32, 64], 16, 5, startLevel: 1, addExtraConvs: ExtraConvs.OnOutput, reluBeforeExtraConvs: true),
            new FCOSHead(NumClasses, 16, featChannels: 16, stackedConvs: 1, strides: [8, 16, 32, 64, 128], normCfg: NormConfig.GN(8), centerSampling: true,
                normOnBbox: true, centernessOnReg: true, testCfg: new DenseTestConfig(scoreThr: 0)),
            dataPreprocessor: Preprocessor()),
        "faster_rcnn" => TwoStage((train, test) => new FasterRCNN(Backbone(), new Fpn([8, 16, 32, 64], 16, 5), Rpn(train, test),
            new StandardRoIHead(BoxExtractor(), BoxHead(), trainCfg: train.Rcnn[0], testCfg: test.Rcnn), train, Preprocessor()), testCfg),
        "mask_rcnn" => TwoStage((train, test) => new MaskRCNN(Backbone(), new Fpn([8, 16, 32, 64], 16, 5), Rpn(train, test),
            new StandardRoIHead(BoxExtractor(), BoxHead(), new SingleRoIExtractor(new RoIAlignLayer(14), 16, [4, 8, 16, 32]),
                new FCNMaskHead(NumClasses, numConvs: 1, inChannels: 16, convOutChannels: 16), train.Rcnn[0], test.Rcnn),
            train, Preprocessor()), testCfg),
        // MMDetection V1's modules, as its legacy configs select them: "+1" anchors centred at 0.5, the "+1" coder
        // (boxes clipped to [0, size − 1]), RoIAlign without the half-pixel shift.
        "faster_rcnn_v1" => TwoStage((train, test) => new FasterRCNN(Backbone(), new Fpn([8, 16, 32, 64], 16, 5),
            new RPNHead(16, new LegacyAnchorGenerator(strides: [4, 8, 16, 32, 64], ratios: [0.5, 1.0, 2.0], scales: [8], centerOffset: 0.5),
                featChannels: 16, bboxCoder: new LegacyDeltaXYWHBBoxCoder(), trainCfg: train.Rpn, testCfg: test.Rpn),
            new StandardRoIHead(new SingleRoIExtractor(new RoIAlignLayer(7, samplingRatio: 2, aligned: false), 16, [4, 8, 16, 32]),
                new Shared2FCBBoxHead(NumClasses, inChannels: 16, fcOutChannels: 32, bboxCoder: new LegacyDeltaXYWHBBoxCoder(targetStds: [0.1, 0.1, 0.2, 0.2])),
                trainCfg: train.Rcnn[0], testCfg: test.Rcnn),
            train, Preprocessor()), testCfg),
        _ => throw new ArgumentException(name),
    };

    /// <summary>A two-stage detector made with one set of train and test settings: the heads take theirs (<c>rpn</c>, <c>rcnn</c>),
    /// the detector its <c>train_cfg</c> (for <c>rpn_proposal</c>), as the generated <c>Build()</c> hands them out.</summary>
    static Detector TwoStage(Func<TwoStageTrainConfig, TwoStageTestConfig, Detector> create, TwoStageTestConfig? testCfg) =>
        create(TwoStageTrain(), testCfg ?? TwoStageTest());

    static RPNHead Rpn(TwoStageTrainConfig train, TwoStageTestConfig test) =>
        new(16, new AnchorGenerator(strides: [4, 8, 16, 32, 64], ratios: [0.5, 1.0, 2.0], scales: [8]), featChannels: 16, trainCfg: train.Rpn, testCfg: test.Rpn);

    static SingleRoIExtractor BoxExtractor() => new(new RoIAlignLayer(7), 16, [4, 8, 16, 32]);

    static Shared2FCBBoxHead BoxHead() => new(NumClasses, inChannels: 16, fcOutChannels: 32);

    static TwoStageTrainConfig TwoStageTrain() => new(
        new DenseTrainConfig(new MaxIoUAssigner(0.7, 0.3, minPosIou: 0.3), new RandomSampler(256, 0.5, addGtAsProposals: false, generator: new Generator(0))),
        new DenseTestConfig(nmsPre: 2000, nms: new NmsConfig(0.7), maxPerImg: 1000, minBboxSize: 0),
        new RcnnTrainConfig(new MaxIoUAssigner(0.5, 0.5, minPosIou: 0.5, matchLowQuality: false), new RandomSampler(512, 0.25, generator: new Generator(1))));

    /// <summary>MMDetection's two-stage <c>test_cfg</c> (<c>rpn</c>: 1000 proposals; <c>rcnn</c>: every score, 100 detections).</summary>
    public static TwoStageTestConfig TwoStageTest() => new(
        new DenseTestConfig(nmsPre: 1000, nms: new NmsConfig(0.7), maxPerImg: 1000, minBboxSize: 0),
        new RcnnTestConfig(scoreThr: 0.0, maxPerImg: 100));

    /// <summary>Two odd-sized images (67×91 and 53×77, uint8 BGR); the first with two objects (and masks), the second with none.</summary>
    public static DetBatch OddSizedBatch(int seed = 0)
    {
        var gen = new Generator((ulong)seed);
        var a = randint(0, 256, [3, 67, 91], generator: gen).to(ScalarType.Byte);
        var b = randint(0, 256, [3, 53, 77], generator: gen).to(ScalarType.Byte);
        var masks = zeros(2, 67, 91, dtype: ScalarType.Bool);
        masks[0, 10..40, 5..50] = tensor(true);
        masks[1, 30..60, 50..88] = tensor(true);
        var gtA = new InstanceData(tensor(new float[] { 5, 10, 50, 40, 50, 30, 88, 60 }).view(2, 4), tensor(new long[] { 0, 2 }), masks: masks);
        var gtB = new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), masks: zeros(0, 53, 77, dtype: ScalarType.Bool));
        return new DetBatch([a, b], [
            new DetDataSample(new ImageMeta(1, "a.png", (67, 91), (67, 91), (67, 91), (1, 1)), gtA),
            new DetDataSample(new ImageMeta(2, "b.png", (53, 77), (53, 77), (53, 77), (1, 1)), gtB),
        ]);
    }
}
