using Detect.Data;

namespace Detect.Cli.Tests;

/// <summary>
/// A few generated shapes images and the <c>--cfg-options</c> that point a zoo experiment's three loaders at them
/// (classes and head sizes included), so the experiment-based tools run on real images without a trained model.
/// </summary>
internal sealed class ShapesExperiment
{
    public ShapesExperiment(string root, int count = 4)
    {
        Split = ShapesDataset.Generate(root, "val", count, new ShapesDatasetOptions(ImageWidth: 96, ImageHeight: 96, MinSize: 20, MaxSize: 60, Seed: 3));
        string classes = "[" + string.Join(",", ShapesDataset.Classes) + "]";
        CfgOptions =
        [
            "--cfg-options",
            .. new[] { "train", "val", "test" }.SelectMany(loader => new[]
            {
                $"{loader}_dataloader.dataset.data_root={Split.Root}/", $"{loader}_dataloader.dataset.ann_file=annotations/instances_val.json",
                $"{loader}_dataloader.dataset.data_prefix=val/", $"{loader}_dataloader.dataset.classes={classes}",
            }),
            "model.roi_head.bbox_head.num_classes=3", "model.roi_head.mask_head.num_classes=3",
        ];
    }

    /// <summary>Where the images and annotations are.</summary>
    public ShapesSplit Split { get; }

    /// <summary>The overrides, starting with <c>--cfg-options</c> (for MaskRcnnR50Fpn1xCoco).</summary>
    public string[] CfgOptions { get; }

    public const string Experiment = "MaskRcnnR50Fpn1xCoco";
}
