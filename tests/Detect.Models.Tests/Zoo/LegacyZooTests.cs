using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Detectors;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.Zoo;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// The V1 experiments of seed 000 (MMDetection's <c>configs/legacy_1.x</c>), row by row: each builds its detector with
/// the legacy modules the seed names (LegacyAnchorGenerator centred at 0.5, LegacyDeltaXYWHBBoxCoder, RoIAlign
/// aligned=false) so that weights converted by <c>detect convert --from mmdet-v1</c> give V1's results. Seed rows not built:
/// Cascade Mask R-CNN (no cascade mask branch yet) and SSD300 (no SSD yet).
/// </summary>
public sealed class LegacyZooTests
{
    static IExperiment Find(string name) => ExperimentCatalog.Find(name, [typeof(RetinaNetR50Fpn1xCoco).Assembly]);

    [Theory]
    [InlineData("FasterRcnnR50Fpn1xCocoV1")]
    [InlineData("MaskRcnnR50Fpn1xCocoV1")]
    public void The_two_stage_rows_use_legacy_anchors_deltas_and_unaligned_RoIAlign(string name)
    {
        var experiment = Find(name);
        var config = experiment.Config;
        var text = ConfigPrinter.Print(config);
        Assert.Contains("type='LegacyAnchorGenerator'", text);
        Assert.Contains("center_offset=0.5", text);
        Assert.Equal(2, CountOf(text, "type='LegacyDeltaXYWHBBoxCoder'"));
        Assert.DoesNotContain("aligned=True", text);

        using var model = experiment.BuildModel();
        var detector = Assert.IsAssignableFrom<TwoStageDetector>(model);
        Assert.IsType<LegacyAnchorGenerator>(detector.RpnHead.PriorGenerator);
        Assert.IsType<LegacyDeltaXYWHBBoxCoder>(detector.RpnHead.BboxCoder);
        Assert.IsType<LegacyDeltaXYWHBBoxCoder>(Assert.IsType<StandardRoIHead>(detector.RoiHead).BboxHead.BboxCoder);
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

    static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
