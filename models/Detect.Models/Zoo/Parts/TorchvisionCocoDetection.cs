using Detect.Config;
using Detect.Transforms;

namespace Detect.Models.Zoo;

/// <summary>
/// COCO detection data as torchvision's detectors see it: labels are category ids − 1 over COCO's 91 ids (90 classes here,
/// torchvision's background 0 being Detect's implicit one; unused ids are "N/A", as torchvision names them), and no resize
/// in the pipelines: torchvision's transform (<c>TorchvisionDataPreprocessor</c>) resizes inside the model.
/// </summary>
[ConfigPart(ConfigPartKind.Dataset)]
[BaseParts(typeof(CocoDetection))]
[CocoDataset(CategoryIdLabels = true, Classes = [
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light", "fire hydrant", "N/A",
    "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "N/A",
    "backpack", "umbrella", "N/A", "N/A", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
    "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle", "N/A", "wine glass", "cup", "fork", "knife",
    "spoon", "bowl", "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
    "potted plant", "bed", "N/A", "dining table", "N/A", "N/A", "toilet", "N/A", "tv", "laptop", "mouse", "remote", "keyboard",
    "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "N/A", "book", "clock", "vase", "scissors", "teddy bear",
    "hair drier", "toothbrush"])]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[LoadImageFromFile(At = Slots.TestPipeline)]
[LoadAnnotations(At = Slots.TestPipeline, WithBbox = true)]
[PackDetInputs(At = Slots.TestPipeline, MetaKeys = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor])]
public abstract record TorchvisionCocoDetection;
