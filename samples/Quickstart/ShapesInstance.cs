using Detect.Config;
using Detect.Evaluation;
using Detect.Transforms;

namespace Quickstart;

/// <summary>
/// The shapes data with its polygon masks (the counterpart of MMDetection's <c>_base_/datasets/coco_instance.py</c> over
/// <see cref="ShapesDetection"/>): the same files and loaders, annotations loaded with masks in both pipelines, and COCO's
/// bbox and segm metrics.
/// </summary>
[ConfigPart(ConfigPartKind.Dataset)]
[BaseParts(typeof(ShapesDetection))]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true, WithMask = true)]
[Resize(Scale = [ShapesData.Size, ShapesData.Size], KeepRatio = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[LoadImageFromFile(At = Slots.TestPipeline)]
[Resize(At = Slots.TestPipeline, Scale = [ShapesData.Size, ShapesData.Size], KeepRatio = true)]
[LoadAnnotations(At = Slots.TestPipeline, WithBbox = true, WithMask = true)]
[PackDetInputs(At = Slots.TestPipeline, MetaKeys = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor])]
[CocoMetric(Metric = [CocoMetricType.Bbox, CocoMetricType.Segm])]
public abstract record ShapesInstance;
