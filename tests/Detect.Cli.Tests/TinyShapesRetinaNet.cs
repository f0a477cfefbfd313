using Detect.Data;

namespace Detect.Cli.Tests;

/// <summary>
/// The zoo's RetinaNetR50Fpn1xCoco shrunk through <c>--cfg-options</c> to a ResNet-18 of width 8 with a 16-channel FPN and
/// head for the three shape classes, reading a small generated shapes dataset (train and val splits of 96×80 JPEGs) and
/// testing at 96×80: what the model-tool commands are run on in tests.
/// </summary>
internal static class TinyShapesRetinaNet
{
    public const string Experiment = "RetinaNetR50Fpn1xCoco";

    public static ShapesDatasetOptions Shapes { get; } = new(ImageWidth: 96, ImageHeight: 80, MinShapes: 1, MaxShapes: 3, MinSize: 16, MaxSize: 48, Seed: 5);

    /// <summary>Generates the splits under <paramref name="root"/> (3 val images, <paramref name="trainImages"/> train images).</summary>
    public static void Generate(string root, int trainImages = 6)
    {
        ShapesDataset.Generate(root, "train", trainImages, Shapes);
        ShapesDataset.Generate(root, "val", 3, Shapes);
    }

    /// <summary>The <c>--cfg-options</c> arguments for data under <paramref name="root"/>.</summary>
    public static string[] Options(string root)
    {
        string data = root.EndsWith('/') ? root : root + "/";
        const string classes = "[circle,square,triangle]";
        return ["--cfg-options",
            "model.backbone.depth=18", "model.backbone.base_channels=8", "model.neck.in_channels=[8,16,32,64]", "model.neck.out_channels=16",
            "model.bbox_head.in_channels=16", "model.bbox_head.feat_channels=16", "model.bbox_head.stacked_convs=1", "model.bbox_head.num_classes=3",
            $"train_dataloader.dataset.data_root={data}", "train_dataloader.dataset.ann_file=annotations/instances_train.json",
            "train_dataloader.dataset.data_prefix=train/", $"train_dataloader.dataset.classes={classes}", "train_dataloader.dataset.min_size=0",
            $"val_dataloader.dataset.data_root={data}", "val_dataloader.dataset.ann_file=annotations/instances_val.json",
            "val_dataloader.dataset.data_prefix=val/", $"val_dataloader.dataset.classes={classes}",
            $"test_dataloader.dataset.data_root={data}", "test_dataloader.dataset.ann_file=annotations/instances_val.json",
            "test_dataloader.dataset.data_prefix=val/", $"test_dataloader.dataset.classes={classes}",
            "test_dataloader.dataset.pipeline.1.scale=[96,80]", "test_dataloader.num_workers=0", "test_dataloader.persistent_workers=false"];
    }
}
