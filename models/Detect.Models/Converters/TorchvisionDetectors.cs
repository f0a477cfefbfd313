using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using Detect.Models.Detectors;
using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.Necks;
using Detect.Models.PostProcessing;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.TaskModules.Samplers;

namespace Detect.Models.Converters;

/// <summary>
/// torchvision 0.14's COCO detectors (<c>fasterrcnn_resnet50_fpn</c>, <c>maskrcnn_resnet50_fpn</c>,
/// <c>retinanet_resnet50_fpn</c>, <c>fcos_resnet50_fpn</c>) built from Detect's modules with torchvision's settings, so
/// that their converted weights (<c>detect convert --from torchvision</c>) give torchvision's detections.
/// </summary>
/// <remarks>
/// <para>What makes them torchvision's: frozen BatchNorm; torchvision's input transform (<see cref="TorchvisionDataPreprocessor"/>:
/// [0, 1] pixels, ImageNet mean/std, resize to 800 (at most 1333), padding to 32); its anchors (per-level sizes, rounded, strides
/// measured on the batch: <see cref="TorchvisionAnchorGenerator"/>, <see cref="BatchDerivedStrides"/>) and box coder
/// (<see cref="TorchvisionBoxCoder"/>); RoIAlign with aligned=False and sampling ratio 2; its post-processing (RPN: 1000 per level,
/// NMS 0.7 per level, 1000 proposals, boxes above 1e−3; box head: scores above 0.05, boxes above 0.01, NMS 0.5, 100 per image;
/// RetinaNet: 1000 per level above 0.05, NMS 0.5, 300 per image; FCOS: √(class · centerness) above 0.2, NMS 0.6, 100 per image)
/// with NMS per class switching to class-by-class above 1000 boxes as torchvision's <c>batched_nms</c> does on the CPU.
/// Classes are torchvision's minus the background: <c>numClasses</c> = 90 for COCO's 91 (label l here is torchvision's l + 1).</para>
/// <para>Training follows torchvision's too, and gives its losses and gradients (TorchvisionTrainingParityTests): its IoU
/// <c>Matcher</c> (<see cref="TorchvisionMatcher"/>: low-quality matches take the anchor's own best box) for the RPN (0.7, 0.3),
/// RetinaNet (0.5, 0.4) and the box head (0.5, 0.5); RetinaNet's losses averaged per image over its positives
/// (<see cref="LossNormalization.PerImagePositives"/>); FCOS's own point assignment (<see cref="TorchvisionFcosMatcher"/>) and
/// unweighted GIoU loss over the positives; every anchor of the padded batch trained (<see cref="BatchDerivedStrides"/>); the
/// RPN's and box head's balanced sampling (<see cref="RandomSampler"/>, ground truths added to the proposals) and smooth-L1
/// β = 1/9. <see cref="TorchvisionOptions"/> carries torchvision's builder arguments (sizes, trainable layers, sampling). The
/// width arguments build narrower models of the same structure (test fixtures).</para>
/// </remarks>
public static class TorchvisionDetectors
{
    static readonly int[] FpnStrides = [4, 8, 16, 32, 64];

    /// <summary>
    /// torchvision's COCO category names by Detect label (torchvision's label − 1, the COCO category id − 1); the ids COCO
    /// leaves unused are "N/A", as in torchvision.
    /// </summary>
    public static IReadOnlyList<string> CocoCategories { get; } =
    [
        "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light", "fire hydrant", "N/A",
        "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "N/A",
        "backpack", "umbrella", "N/A", "N/A", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
        "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle", "N/A", "wine glass", "cup", "fork", "knife",
        "spoon", "bowl", "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
        "potted plant", "bed", "N/A", "dining table", "N/A", "N/A", "toilet", "N/A", "tv", "laptop", "mouse", "remote", "keyboard",
        "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "N/A", "book", "clock", "vase", "scissors", "teddy bear",
        "hair drier", "toothbrush",
    ];
    static readonly int[] RetinaStrides = [8, 16, 32, 64, 128];

    /// <summary><c>fasterrcnn_resnet50_fpn</c>.</summary>
    /// <param name="numClasses">Classes without the background (torchvision's <c>num_classes</c> − 1).</param>
    /// <param name="baseChannels">ResNet-50's <c>base_channels</c> (64).</param>
    /// <param name="fpnChannels">FPN width (256).</param>
    /// <param name="representationSize">Box head FC width (1024).</param>
    /// <param name="options">torchvision's builder arguments; null: its defaults.</param>
    public static FasterRCNN FasterRcnnResNet50Fpn(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256, int representationSize = 1024,
        TorchvisionOptions? options = null)
    {
        options ??= new();
        return new(Backbone(baseChannels, options), TwoStageNeck(baseChannels, fpnChannels), Rpn(fpnChannels),
            new StandardRoIHead(BoxExtractor(fpnChannels), BoxHead(numClasses, fpnChannels, representationSize)),
            TwoStageTrain(options), TwoStageTest(), Preprocessor(options));
    }

    /// <summary><c>maskrcnn_resnet50_fpn</c> (arguments as <see cref="FasterRcnnResNet50Fpn"/>; <paramref name="maskChannels"/>: mask head width, 256).</summary>
    public static MaskRCNN MaskRcnnResNet50Fpn(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256, int representationSize = 1024,
        int maskChannels = 256, TorchvisionOptions? options = null)
    {
        options ??= new();
        return new(Backbone(baseChannels, options), TwoStageNeck(baseChannels, fpnChannels), Rpn(fpnChannels),
            new StandardRoIHead(BoxExtractor(fpnChannels), BoxHead(numClasses, fpnChannels, representationSize),
                new SingleRoIExtractor(new RoIAlignLayer(14, samplingRatio: 2, aligned: false), fpnChannels, [4, 8, 16, 32]),
                new FCNMaskHead(numClasses, inChannels: fpnChannels, convOutChannels: maskChannels)),
            TwoStageTrain(options), TwoStageTest(), Preprocessor(options));
    }

    /// <summary><c>retinanet_resnet50_fpn</c> (arguments as <see cref="FasterRcnnResNet50Fpn"/>).</summary>
    public static RetinaNet RetinaNetResNet50Fpn(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256, TorchvisionOptions? options = null)
    {
        options ??= new();
        // torchvision: sizes x, int(x·2^⅓), int(x·2^⅔) for x = 32 … 512.
        var sizes = new[] { 32, 64, 128, 256, 512 }
            .Select(x => (IReadOnlyList<double>)[x, Math.Floor(x * Math.Pow(2, 1.0 / 3)), Math.Floor(x * Math.Pow(2, 2.0 / 3))]).ToArray();
        var anchors = new BatchDerivedStrides(s => new TorchvisionAnchorGenerator(s, sizes, [0.5, 1.0, 2.0]), Strides(RetinaStrides));
        var head = new RetinaHead(numClasses, fpnChannels, anchors, featChannels: fpnChannels, bboxCoder: new TorchvisionBoxCoder([1, 1, 1, 1]),
            trainCfg: new DenseTrainConfig(new TorchvisionMatcher(0.5, 0.4, allowLowQualityMatches: true),
                lossNormalization: LossNormalization.PerImagePositives),
            testCfg: new DenseTestConfig(nmsPre: 1000, scoreThr: 0.05, nms: Nms(0.5), maxPerImg: 300, minBboxSize: -1));
        return new RetinaNet(Backbone(baseChannels, options), P6P7Neck(baseChannels, fpnChannels), head, dataPreprocessor: Preprocessor(options));
    }

    /// <summary><c>fcos_resnet50_fpn</c> (arguments as <see cref="FasterRcnnResNet50Fpn"/>).</summary>
    public static FCOS FcosResNet50Fpn(int numClasses = 90, int baseChannels = 64, int fpnChannels = 256, TorchvisionOptions? options = null)
    {
        options ??= new();
        // torchvision places FCOS's points on anchor centres: cell corners (offset 0), strides measured on the batch.
        var points = new BatchDerivedStrides(s => new MlvlPointGenerator(s, offset: 0), Strides(RetinaStrides));
        var head = new FCOSHead(numClasses, fpnChannels, featChannels: fpnChannels, strides: RetinaStrides, centerSampling: true,
            normOnBbox: true, centernessOnReg: true, normCfg: NormConfig.GN(32), convBias: true, lossBbox: new GIoULoss(),
            priorGenerator: points, centernessScoring: CenternessScoring.GeometricMean,
            testCfg: new DenseTestConfig(nmsPre: 1000, scoreThr: 0.2, nms: Nms(0.6), maxPerImg: 100, minBboxSize: -1),
            assigner: new TorchvisionFcosMatcher(centerSamplingRadius: 1.5), weightBboxByCenterness: false);
        return new FCOS(Backbone(baseChannels, options), P6P7Neck(baseChannels, fpnChannels), head, dataPreprocessor: Preprocessor(options));
    }

    // torchvision: frozen BatchNorm, trainable_backbone_layers of the last stages trainable (3: stem and layer1 frozen).
    static ResNet Backbone(int baseChannels, TorchvisionOptions options) =>
        new(50, baseChannels: baseChannels, frozenStages: options.FrozenStages, normCfg: NormConfig.FrozenBN);

    static TorchvisionDataPreprocessor Preprocessor(TorchvisionOptions options) => new(options.MinSize, options.MaxSize);

    static int[] ResNetChannels(int baseChannels) => [.. ResNet.OutputChannels(50, baseChannels, [0, 1, 2, 3])];

    static Fpn TwoStageNeck(int baseChannels, int fpnChannels) => new(ResNetChannels(baseChannels), fpnChannels, numOuts: 5);

    // LastLevelP6P7(256, 256): P6 from P5's output, ReLU before P7.
    static Fpn P6P7Neck(int baseChannels, int fpnChannels) =>
        new(ResNetChannels(baseChannels), fpnChannels, numOuts: 5, startLevel: 1, addExtraConvs: ExtraConvs.OnOutput, reluBeforeExtraConvs: true);

    static RPNHead Rpn(int fpnChannels)
    {
        var sizes = new[] { 32, 64, 128, 256, 512 }.Select(x => (IReadOnlyList<double>)[x]).ToArray();
        var anchors = new BatchDerivedStrides(s => new TorchvisionAnchorGenerator(s, sizes, [0.5, 1.0, 2.0]), Strides(FpnStrides));
        return new RPNHead(fpnChannels, anchors, featChannels: fpnChannels, bboxCoder: new TorchvisionBoxCoder([1, 1, 1, 1]),
            lossBbox: new SmoothL1Loss(beta: 1.0 / 9));
    }

    static SingleRoIExtractor BoxExtractor(int fpnChannels) =>
        new(new RoIAlignLayer(7, samplingRatio: 2, aligned: false), fpnChannels, [4, 8, 16, 32]);

    static Shared2FCBBoxHead BoxHead(int numClasses, int fpnChannels, int representationSize) =>
        new(numClasses, fpnChannels, representationSize, bboxCoder: new TorchvisionBoxCoder([10, 10, 5, 5]), lossBbox: new SmoothL1Loss(beta: 1.0 / 9));

    // The RPN samples anchors without the ground truths; the box head samples proposals with them (torchvision appends them).
    static TwoStageTrainConfig TwoStageTrain(TorchvisionOptions options) => new(
        new DenseTrainConfig(new TorchvisionMatcher(0.7, 0.3, allowLowQualityMatches: true),
            new RandomSampler(options.RpnBatchSizePerImage, options.RpnPositiveFraction, addGtAsProposals: false)),
        new DenseTestConfig(nmsPre: options.RpnPreNmsTopNTrain, nms: Nms(options.RpnNmsThresh), maxPerImg: options.RpnPostNmsTopNTrain, minBboxSize: 1e-3),
        new RcnnTrainConfig(new TorchvisionMatcher(0.5, 0.5), new RandomSampler(options.BoxBatchSizePerImage, options.BoxPositiveFraction)));

    static TwoStageTestConfig TwoStageTest() => new(
        new DenseTestConfig(nmsPre: 1000, nms: Nms(0.7), maxPerImg: 1000, minBboxSize: 1e-3),
        new RcnnTestConfig(scoreThr: 0.05, nms: Nms(0.5), maxPerImg: 100, maskThrBinary: 0.5, minBboxSize: 0.01));

    // torchvision's batched_nms on the CPU: the coordinate trick up to 1000 boxes, class by class above.
    static NmsConfig Nms(double iouThreshold) => new(iouThreshold, splitThr: 1001);

    static Stride[] Strides(int[] strides) => [.. strides.Select(s => (Stride)s)];
}
