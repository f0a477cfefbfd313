using Detect.Config;
using Detect.Evaluation;
using Detect.Transforms;

namespace Quickstart;

/// <summary>
/// The shapes data as a config part (the counterpart of MMDetection's <c>_base_/datasets/coco_detection.py</c>):
/// the generated COCO files under <c>data/shapes/</c>, images kept at their size, flipped while training.
/// </summary>
[ConfigPart(ConfigPartKind.Dataset)]
[CocoDataset(DataRoot = "data/shapes/", Classes = ["circle", "square", "triangle"])]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true)]
[Resize(Scale = [ShapesData.Size, ShapesData.Size], KeepRatio = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[LoadImageFromFile(At = Slots.TestPipeline)]
[Resize(At = Slots.TestPipeline, Scale = [ShapesData.Size, ShapesData.Size], KeepRatio = true)]
[LoadAnnotations(At = Slots.TestPipeline, WithBbox = true)]
[PackDetInputs(At = Slots.TestPipeline, MetaKeys = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor])]
[DataLoader(BatchSize = 8, NumWorkers = 2, PersistentWorkers = true)]
[DefaultSampler(Shuffle = true)]
[CocoDataset(At = Slots.TrainDataset, AnnFile = "annotations/instances_train.json", DataPrefix = "train/", FilterEmptyGt = true)]
[DataLoader(At = Slots.ValDataloader, BatchSize = 8, NumWorkers = 2, PersistentWorkers = true, DropLast = false)]
[DefaultSampler(At = Slots.ValSampler, Shuffle = false)]
[CocoDataset(At = Slots.ValDataset, AnnFile = "annotations/instances_val.json", DataPrefix = "val/", TestMode = true)]
[DataLoader(At = Slots.TestDataloader, BatchSize = 8, NumWorkers = 2, PersistentWorkers = true, DropLast = false)]
[DefaultSampler(At = Slots.TestSampler, Shuffle = false)]
[CocoDataset(At = Slots.TestDataset, AnnFile = "annotations/instances_val.json", DataPrefix = "val/", TestMode = true)]
[CocoMetric(Metric = [CocoMetricType.Bbox])]
public abstract record ShapesDetection;
