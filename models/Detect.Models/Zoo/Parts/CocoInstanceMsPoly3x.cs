using Detect.Config;
using Detect.Transforms;

namespace Detect.Models.Zoo;

/// <summary>
/// COCO instance segmentation with multi-scale training over a 3× repeated train set, masks kept as polygons while
/// loading (the data half of MMDetection's <c>common/ms-poly_3x_coco-instance.py</c>: <c>poly2mask=False</c>, both edges
/// drawn between (1333, 640) and (1333, 800), <c>RepeatDataset(times=3)</c>, validation two images per batch). Its schedule
/// is <see cref="ScheduleMs3x"/>.
/// </summary>
[ConfigPart(ConfigPartKind.Dataset)]
[BaseParts(typeof(CocoInstance))]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true, WithMask = true, Poly2mask = false)]
[RandomResize(Scale = [1333, 640, 1333, 800], KeepRatio = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[LoadImageFromFile(At = Slots.TestPipeline)]
[Resize(At = Slots.TestPipeline, Scale = [1333, 800], KeepRatio = true)]
[LoadAnnotations(At = Slots.TestPipeline, WithBbox = true, WithMask = true, Poly2mask = false)]
[PackDetInputs(At = Slots.TestPipeline, MetaKeys = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor])]
[RepeatDataset(At = Slots.TrainDataset, Delete = true, Times = 3)]
[CocoDataset(At = "train_dataloader.dataset.dataset", DataRoot = "data/coco/", AnnFile = "annotations/instances_train2017.json",
    DataPrefix = "train2017/", FilterEmptyGt = true, MinSize = 32)]
[DataLoader(At = Slots.ValDataloader, BatchSize = 2)]
[DataLoader(At = Slots.TestDataloader, BatchSize = 2)]
public abstract record CocoInstanceMsPoly3x;
