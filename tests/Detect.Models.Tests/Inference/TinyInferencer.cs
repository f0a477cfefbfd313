using Detect.Config;
using Detect.Data;
using Detect.Inference;
using Detect.Models.Zoo;

namespace Detect.Models.Tests.Inference;

/// <summary>
/// A randomly initialized, seeded RetinaNet of the zoo shrunk through <c>--cfg-options</c> (ResNet-18 of width 8, a
/// 16-channel FPN and head, three classes, test images resized to 96×80, every score kept) and a few generated shapes
/// images: what the inferencer tests run on.
/// </summary>
internal static class TinyInferencer
{
    public static ShapesDatasetOptions Shapes { get; } = new(ImageWidth: 96, ImageHeight: 80, MinShapes: 1, MaxShapes: 3, MinSize: 16, MaxSize: 48, Seed: 5);

    /// <summary>The shrunk experiment; the test pipeline resizes to <paramref name="scaleW"/> × <paramref name="scaleH"/>.</summary>
    public static IExperiment Experiment(int scaleW = 96, int scaleH = 80) => new RetinaNetR50Fpn1xCoco().WithOptions(
    [
        "model.backbone.depth=18", "model.backbone.base_channels=8", "model.neck.in_channels=[8,16,32,64]", "model.neck.out_channels=16",
        "model.bbox_head.in_channels=16", "model.bbox_head.feat_channels=16", "model.bbox_head.stacked_convs=1", "model.bbox_head.num_classes=3",
        "model.test_cfg.score_thr=0.0", .. new[] { "train", "val", "test" }.Select(l => $"{l}_dataloader.dataset.classes=[circle,square,triangle]"),
        $"test_dataloader.dataset.pipeline.1.scale=[{scaleW},{scaleH}]",
    ]);

    /// <summary>
    /// The inferencer of <see cref="Experiment"/> on the CPU, its conv weights redrawn from N(0, 0.1) by a seeded generator:
    /// the initialization's tiny weights and focal-loss prior give every anchor nearly the same score, and ties would make
    /// the order of detections arbitrary.
    /// </summary>
    public static DetInferencer Create(int scaleW = 96, int scaleH = 80, List<string>? log = null)
    {
        var inferencer = Seeded.Build(() => DetInferencer.FromExperiment(Experiment(scaleW, scaleH), weights: null, device: "cpu", log: log is null ? _ => { } : log.Add));
        using var generator = new TorchSharp.torch.Generator(7);
        using var noGrad = TorchSharp.torch.no_grad();
        foreach (var parameter in inferencer.Model.parameters().Where(p => p.dim() == 4)) parameter.normal_(0, 0.1, generator);
        return inferencer;
    }

    /// <summary>Generates <paramref name="count"/> val images under <paramref name="root"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Images(string root, int count) =>
        [.. Directory.GetFiles(ShapesDataset.Generate(root, "val", count, Shapes).ImageDir).Order(StringComparer.Ordinal)];
}
