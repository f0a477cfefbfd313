using Detect.Config;
using Detect.Transforms;

namespace Detect.Models.Zoo;

/// <summary>
/// SSD300 on COCO (MMDetection's <c>configs/ssd/ssd300_coco.py</c> over <see cref="Ssd300"/>, <see cref="CocoDetection"/>,
/// <see cref="Schedule2x"/> and <see cref="DefaultRuntime"/>): the train pipeline zooms out (<c>Expand</c> to 1–4× on the
/// mean colour), crops with a minimum IoU (<c>MinIoURandomCrop</c>), resizes to exactly 300×300, flips and distorts colours;
/// the train set is repeated 5 times, 8 images a batch without aspect-ratio grouping; SGD 2e-3, momentum 0.9, weight decay
/// 5e-4 over 24 epochs (warmup 500 iterations, steps at 16 and 22); tests at 300×300.
/// </summary>
/// <remarks>
/// MMDetection's <c>custom_hooks</c> also list <c>NumClassCheckHook</c>, which Detect has no hook for: the head's class
/// count is checked against the dataset's when the config compiles (DET205). <c>CheckInvalidLossHook</c> is kept (every
/// run checks its losses anyway).
/// </remarks>
[Experiment]
[BaseParts(typeof(Ssd300), typeof(CocoDetection), typeof(Schedule2x), typeof(DefaultRuntime))]
[LoadImageFromFile]
[LoadAnnotations(WithBbox = true)]
[Expand(Mean = [123.675, 116.28, 103.53], ToRgb = true, RatioRange = [1, 4])]
[MinIoURandomCrop(MinIous = [0.1, 0.3, 0.5, 0.7, 0.9], MinCropSize = 0.3)]
[Resize(Scale = [300, 300], KeepRatio = false)]
[RandomFlip(Prob = 0.5)]
[PhotoMetricDistortion(BrightnessDelta = 32, ContrastRange = [0.5, 1.5], SaturationRange = [0.5, 1.5], HueDelta = 18)]
[PackDetInputs]
[LoadImageFromFile(At = Slots.TestPipeline)]
[Resize(At = Slots.TestPipeline, Scale = [300, 300], KeepRatio = false)]
[LoadAnnotations(At = Slots.TestPipeline, WithBbox = true)]
[PackDetInputs(At = Slots.TestPipeline, MetaKeys = [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor])]
[DataLoader(At = Slots.TrainDataloader, BatchSize = 8, NumWorkers = 2, AspectRatioGrouping = false)]
[RepeatDataset(At = Slots.TrainDataset, Delete = true, Times = 5)]
[CocoDataset(At = "train_dataloader.dataset.dataset", DataRoot = "data/coco/", AnnFile = "annotations/instances_train2017.json",
    DataPrefix = "train2017/", FilterEmptyGt = true, MinSize = 32)]
[DataLoader(At = Slots.ValDataloader, BatchSize = 8)]
[DataLoader(At = Slots.TestDataloader, BatchSize = 8)]
[Sgd(Lr = 2e-3, Momentum = 0.9, WeightDecay = 5e-4)]
[CheckInvalidLossHook(Interval = 50, Priority = HookPriority.VeryLow)]
[AutoScaleLr(BaseBatchSize = 64)]
public partial record Ssd300Coco;
