using Detect.Config;
using Detect.Evaluation;
using Detect.Transforms;

namespace Detect.Models.Zoo;

/// <summary>
/// COCO detection data (MMDetection's <c>_base_/datasets/coco_detection.py</c>): the dataset variable
/// and the two pipelines flow into the three loaders, which override the split settings.
/// </summary>
[ConfigPart(ConfigPartKind.Dataset)]
[CocoDataset(DataRoot = "data/coco/")]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true)]
[Resize(Scale = [1333, 800], KeepRatio = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[LoadImageFromFile(At = Slots.TestPipeline)]
[Resize(At = Slots.TestPipeline, Scale = [1333, 800], KeepRatio = true)]
[LoadAnnotations(At = Slots.TestPipeline, WithBbox = true)]
[PackDetInputs(At = Slots.TestPipeline, MetaKeys = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor])]
[DataLoader(BatchSize = 2, NumWorkers = 2, PersistentWorkers = true, AspectRatioGrouping = true)]
[DefaultSampler(Shuffle = true)]
[CocoDataset(At = Slots.TrainDataset, AnnFile = "annotations/instances_train2017.json", DataPrefix = "train2017/", FilterEmptyGt = true, MinSize = 32)]
[DataLoader(At = Slots.ValDataloader, BatchSize = 1, NumWorkers = 2, PersistentWorkers = true, DropLast = false)]
[DefaultSampler(At = Slots.ValSampler, Shuffle = false)]
[CocoDataset(At = Slots.ValDataset, AnnFile = "annotations/instances_val2017.json", DataPrefix = "val2017/", TestMode = true)]
[DataLoader(At = Slots.TestDataloader, BatchSize = 1, NumWorkers = 2, PersistentWorkers = true, DropLast = false)]
[DefaultSampler(At = Slots.TestSampler, Shuffle = false)]
[CocoDataset(At = Slots.TestDataset, AnnFile = "annotations/instances_val2017.json", DataPrefix = "val2017/", TestMode = true)]
[CocoMetric(Metric = [CocoMetricType.Bbox], FormatOnly = false)]
public abstract record CocoDetection;
