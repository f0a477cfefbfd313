using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// COCO detection with multi-scale training over a 3× repeated train set (the data half of MMDetection's
/// <c>common/ms_3x_coco.py</c>): each image resized with both edges drawn between (1333, 640) and (1333, 800), the train
/// dataset wrapped in <c>RepeatDataset(times=3)</c>; validation and test as <see cref="CocoDetection"/>. Its schedule is
/// <see cref="ScheduleMs3x"/>.
/// </summary>
[ConfigPart(ConfigPartKind.Dataset)]
[BaseParts(typeof(CocoDetection))]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true)]
[RandomResize(Scale = [1333, 640, 1333, 800], KeepRatio = true)]
[RandomFlip(Prob = 0.5)]
[PackDetInputs]
[RepeatDataset(At = Slots.TrainDataset, Delete = true, Times = 3)]
[CocoDataset(At = "train_dataloader.dataset.dataset", DataRoot = "data/coco/", AnnFile = "annotations/instances_train2017.json",
    DataPrefix = "train2017/", FilterEmptyGt = true, MinSize = 32)]
public abstract record CocoDetectionMs3x;
