using Detect.Checkpoints;
using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Detectors;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.Zoo;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// The V1 experiments of seed 000 (MMDetection's <c>configs/legacy_1.x</c>), row by row: each builds its detector with
/// the legacy modules the seed names (LegacyAnchorGenerator centred at 0.5, LegacyDeltaXYWHBBoxCoder, RoIAlign
/// aligned=false; SSD300's LegacySSDAnchorGenerator) so that weights converted by <c>detect convert --from mmdet-v1</c> give
/// V1's results.
/// </summary>
public sealed class LegacyZooTests
{
    static IExperiment Find(string name) => ExperimentCatalog.Find(name, [typeof(RetinaNetR50Fpn1xCoco).Assembly]);

    [Theory]
    [InlineData("FasterRcnnR50Fpn1xCocoV1", 2)]
    [InlineData("MaskRcnnR50Fpn1xCocoV1", 2)]
    [InlineData("CascadeMaskRcnnR50Fpn1xCocoV1", 4)]
    [InlineData("CascadeRcnnR50Fpn1xCocoV1", 4)]
    public void The_two_stage_rows_use_legacy_anchors_deltas_and_unaligned_RoIAlign(string name, int legacyCoders)
    {
        var experiment = Find(name);
        var config = experiment.Config;
        var text = ConfigPrinter.Print(config);
        Assert.Contains("type='LegacyAnchorGenerator'", text);
        Assert.Contains("center_offset=0.5", text);
        Assert.Equal(legacyCoders, CountOf(text, "type='LegacyDeltaXYWHBBoxCoder'"));
        Assert.DoesNotContain("aligned=True", text);

        using var model = experiment.BuildModel();
        var detector = Assert.IsAssignableFrom<TwoStageDetector>(model);
        Assert.IsType<LegacyAnchorGenerator>(detector.RpnHead.PriorGenerator);
        Assert.IsType<LegacyDeltaXYWHBBoxCoder>(detector.RpnHead.BboxCoder);
        var boxHeads = detector.RoiHead switch
        {
            StandardRoIHead standard => [standard.BboxHead],
            CascadeRoIHead cascade => cascade.BboxHead,
            var other => throw new Xunit.Sdk.XunitException($"unexpected {other.GetType().Name}"),
        };
        Assert.All(boxHeads, h => Assert.IsType<LegacyDeltaXYWHBBoxCoder>(h.BboxCoder));
    }

    [Theory]
    [InlineData("RetinaNetR50Fpn1xCocoV1", ResNetStyle.Pytorch)]
    [InlineData("RetinaNetR50CaffeFpn1xCocoV1", ResNetStyle.Caffe)]
    public void The_RetinaNet_rows_use_legacy_anchors_and_deltas(string name, ResNetStyle style)
    {
        var experiment = Find(name);
        Assert.Equal(style, Assert.IsType<ResNetConfig>(experiment.Config.Model!.Backbone).Style);
        using var model = experiment.BuildModel();
        var retina = Assert.IsType<RetinaNet>(model);
        Assert.IsType<LegacyAnchorGenerator>(retina.BboxHead.PriorGenerator);
        Assert.IsType<LegacyDeltaXYWHBBoxCoder>(retina.BboxHead.BboxCoder);
    }

    [Fact]
    public void The_SSD300_row_uses_legacy_SSD_anchors_and_deltas()
    {
        var experiment = Find("Ssd300CocoV1");
        var text = ConfigPrinter.Print(experiment.Config);
        Assert.Contains("type='LegacySSDAnchorGenerator'", text);
        Assert.Contains("type='LegacyDeltaXYWHBBoxCoder'", text);
        using var model = experiment.BuildModel();
        var detector = Assert.IsType<SingleStageDetector>(model);
        var head = Assert.IsType<Detect.Models.DenseHeads.SSDHead>(detector.BboxHead);
        Assert.IsType<LegacySSDAnchorGenerator>(head.PriorGenerator);
        Assert.Equal([0.1, 0.1, 0.2, 0.2], Assert.IsType<LegacyDeltaXYWHBBoxCoder>(head.BboxCoder).TargetStds);
        Assert.Equal(new Ssd300Coco().Config.TrainDataloader, experiment.Config.TrainDataloader);
    }

    /// <summary>A narrow Mask R-CNN V1 (ResNet-18 of width 8, 16-channel FPN and heads, COCO's 80 classes) through --cfg-options.</summary>
    static readonly string[] Narrow =
    [
        "model.backbone.depth=18", "model.backbone.base_channels=8", "model.backbone.init_cfg=None", "model.neck.in_channels=[8,16,32,64]",
        "model.neck.out_channels=16", "model.rpn_head.in_channels=16", "model.rpn_head.feat_channels=16",
        "model.roi_head.bbox_roi_extractor.out_channels=16", "model.roi_head.bbox_head.in_channels=16", "model.roi_head.bbox_head.fc_out_channels=32",
        "model.roi_head.mask_roi_extractor.out_channels=16", "model.roi_head.mask_head.in_channels=16", "model.roi_head.mask_head.conv_out_channels=16",
    ];

    [Fact]
    public void A_V1_checkpoint_converted_by_mmdet_v1_loads_into_the_V1_experiment_with_every_key_and_value()
    {
        // The narrow experiment's weights written as MMDetection 1.0 saved them: heads at the top level, the background
        // first in the classifier and as the first block of the class-specific regressor and of the mask logits.
        var experiment = Find("MaskRcnnR50Fpn1xCocoV1").WithOptions(Narrow);
        using var original = Seeded.Build(experiment.BuildModel, 1);
        var state = StateDict.FromModule(original);
        var v1 = new StateDict("mask_rcnn_v1.pth");
        foreach (var (key, stored) in state)
        {
            using var t = stored.ToTensor();
            using var written = key switch
            {
                _ when key.EndsWith("bbox_head.fc_cls.weight", StringComparison.Ordinal) || key.EndsWith("bbox_head.fc_cls.bias", StringComparison.Ordinal) =>
                    cat([t[^1..], t[..^1]]),
                _ when key.EndsWith("bbox_head.fc_reg.weight", StringComparison.Ordinal) || key.EndsWith("bbox_head.fc_reg.bias", StringComparison.Ordinal) =>
                    cat([full_like(t[..4], 7f), t]),
                _ when key.EndsWith("mask_head.conv_logits.weight", StringComparison.Ordinal) || key.EndsWith("mask_head.conv_logits.bias", StringComparison.Ordinal) =>
                    cat([full_like(t[..1], 7f), t]),
                _ => t.clone(),
            };
            v1[key.StartsWith("roi_head.", StringComparison.Ordinal) ? key["roi_head.".Length..] : key] = StoredTensor.FromTensor(written);
        }
        string folder = Directory.CreateTempSubdirectory("detect-v1-").FullName;
        string path = Path.Combine(folder, "mask_rcnn_v1.pth");
        try
        {
            TorchCheckpointWriter.Save(path, new Dictionary<string, object?>
            {
                ["meta"] = new Dictionary<string, object?> { ["mmdet_version"] = "1.0rc0", ["config"] = "model = dict(type='MaskRCNN', bbox_head=dict(num_classes=81))" },
                ["state_dict"] = v1,
            });

            var converted = Detect.Models.Converters.CheckpointConverters.Convert("mmdet-v1", null, path).Result.StateDict;
            using var loaded = Seeded.Build(experiment.BuildModel, 2);
            var report = CheckpointLoader.LoadStateDict(loaded, converted, strict: true);
            Assert.True(report.IsExactMatch, report.ToString());
            foreach (var (key, stored) in StateDict.FromModule(loaded))
            {
                using var expected = state[key].ToTensor();
                using var actual = stored.ToTensor();
                Assert.True(expected.allclose(actual, rtol: 0, atol: 0), key);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
