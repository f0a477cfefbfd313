using Detect.Config;
using Detect.Evaluation;
using Detect.Transforms;

namespace Detect.Models.Zoo;

/// <summary>COCO instance segmentation data (MMDetection's <c>_base_/datasets/coco_instance.py</c>): COCO detection with masks.</summary>
[ConfigPart(ConfigPartKind.Dataset)]
[BaseParts(typeof(CocoDetection))]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true, WithMask = true)]
[Resize(Scale = [1333, 800], KeepRatio = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[LoadImageFromFile(At = Slots.TestPipeline)]
[Resize(At = Slots.TestPipeline, Scale = [1333, 800], KeepRatio = true)]
[LoadAnnotations(At = Slots.TestPipeline, WithBbox = true, WithMask = true)]
[PackDetInputs(At = Slots.TestPipeline, MetaKeys = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor])]
[CocoMetric(Metric = [CocoMetricType.Bbox, CocoMetricType.Segm])]
public abstract record CocoInstance;
