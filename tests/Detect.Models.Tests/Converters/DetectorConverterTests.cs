using Detect.Checkpoints;
using Detect.Models.Converters;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Converters;

/// <summary>Detector conversions: torchvision's detection keys (old and new layouts) and MMDetection V1 → V2.</summary>
public sealed class DetectorConverterTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("detect-convert-det-").FullName;

    public DetectorConverterTests() => TorchRuntime.EnsureInitialized();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A stored tensor whose row r holds the value r (rows × cols).</summary>
    static StoredTensor Rows(long rows, params long[] rest)
    {
        using var t = arange(rows, dtype: ScalarType.Float32).view([rows, .. rest.Select(_ => 1L)]).expand([rows, .. rest]).contiguous();
        return StoredTensor.FromTensor(t);
    }

    static float[] FirstColumn(StoredTensor t)
    {
        using var v = t.ToTensor();
        return v.reshape(v.shape[0], -1)[.., 0].data<float>().ToArray();
    }

    static float[] Range(params (int From, int To)[] parts) => [.. parts.SelectMany(p => Enumerable.Range(p.From, p.To - p.From).Select(i => (float)i))];

    [Fact]
    public void ClassChannelsMoveOrDropTheBackgroundInEveryGroup()
    {
        var logits = Rows(6, 2);   // 2 anchors × 3 classes
        Assert.Equal(new float[] { 1, 2, 0, 4, 5, 3 }, FirstColumn(ClassChannels.BackgroundLast(logits, 3)));
        Assert.Equal(new float[] { 1, 2, 4, 5 }, FirstColumn(ClassChannels.DropBackground(logits, 3)));
        var deltas = Rows(12);     // 3 classes × 4 deltas
        Assert.Equal(Range((4, 12)), FirstColumn(ClassChannels.DropBackground(deltas, 3, per: 4)));
        Assert.Throws<ArgumentException>(() => ClassChannels.DropBackground(Rows(10), 3));
    }

    [Fact]
    public void TorchvisionKeysOfEveryLayoutConvert()
    {
        var state = new StateDict("tv.pth");
        var t = Rows(1);
        foreach (var key in new[]
        {
            "backbone.body.conv1.weight", "backbone.fpn.inner_blocks.0.weight", "backbone.fpn.layer_blocks.1.0.bias",
            "rpn.head.conv.weight", "rpn.head.conv.0.0.bias", "rpn.head.cls_logits.weight", "rpn.head.bbox_pred.bias",
            "roi_heads.box_head.fc6.weight", "roi_heads.box_head.fc7.bias", "roi_heads.mask_head.mask_fcn1.weight",
            "roi_heads.mask_head.2.0.bias", "roi_heads.mask_predictor.conv5_mask.weight",
        }) state[key] = t;
        var keys = new KeyMap()
            .Include(TorchvisionKeys.ResNet(), from: "backbone.body.", to: "backbone.")
            .Include(TorchvisionKeys.Fpn(4), from: "backbone.fpn.", to: "neck.")
            .Include(TorchvisionKeys.RpnHead(), from: "rpn.head.", to: "rpn_head.")
            .Include(TorchvisionKeys.RoIHeads(3), from: "roi_heads.", to: "roi_head.");
        Assert.Equal(["backbone.conv1.weight", "neck.lateral_convs.0.conv.weight", "neck.fpn_convs.1.conv.bias",
            "rpn_head.rpn_conv.weight", "rpn_head.rpn_conv.bias", "rpn_head.rpn_cls.weight", "rpn_head.rpn_reg.bias",
            "roi_head.bbox_head.shared_fcs.0.weight", "roi_head.bbox_head.shared_fcs.1.bias", "roi_head.mask_head.convs.0.conv.weight",
            "roi_head.mask_head.convs.2.conv.bias", "roi_head.mask_head.upsample.weight"], keys.Apply(state).StateDict.Keys);

        var heads = new StateDict("tv.pth")
        {
            ["classification_head.conv.2.weight"] = t,          // torchvision < 0.13: Sequential(conv, ReLU, ...)
            ["regression_head.conv.3.0.bias"] = t,
        };
        Assert.Equal(["cls_convs.1.conv.weight", "reg_convs.3.conv.bias"], TorchvisionKeys.RetinaNetHead(91).Apply(heads).StateDict.Keys);
        var fcos = new StateDict("tv.pth") { ["classification_head.conv.3.weight"] = t, ["regression_head.conv.10.bias"] = t };
        Assert.Equal(["cls_convs.1.conv.weight", "reg_convs.3.gn.bias"], TorchvisionKeys.FcosHead(91).Apply(fcos).StateDict.Keys);
    }

    [Fact]
    public void TorchvisionDetectorClassCountMustMatch()
    {
        var fixture = Detectors.DetectorFixture.Load("fasterrcnn_resnet50_fpn");
        var source = CheckpointLoader.Read(fixture.CheckpointPath);
        var converted = new TorchvisionConverter().Convert(source, "fasterrcnn_resnet50_fpn", numClasses: 91);
        Assert.Equal(91, converted.StateDict["roi_head.bbox_head.fc_cls.weight"].Shape[0]);
        Assert.Equal(90 * 4, converted.StateDict["roi_head.bbox_head.fc_reg.weight"].Shape[0]);
        Assert.Throws<ArgumentException>(() => new TorchvisionConverter().Convert(source, "fasterrcnn_resnet50_fpn", numClasses: 81));
    }

    string SaveV1(string name, string version, string config, StateDict state)
    {
        string path = Path.Combine(folder, name);
        TorchCheckpointWriter.Save(path, new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?> { ["mmdet_version"] = version, ["config"] = config },
            ["state_dict"] = state,
        });
        return path;
    }

    [Fact]
    public void MmdetV1TwoStageModelsMoveHeadsUnderRoiHeadAndTheBackgroundLast()
    {
        var state = new StateDict("v1.pth")
        {
            ["backbone.conv1.weight"] = Rows(4, 3),
            ["rpn_head.rpn_cls.weight"] = Rows(3, 8),
            ["rpn_head.rpn_reg.bias"] = Rows(12),
            ["bbox_head.fc_cls.weight"] = Rows(5, 8),
            ["bbox_head.fc_cls.bias"] = Rows(5),
            ["bbox_head.fc_reg.weight"] = Rows(20, 8),
            ["bbox_head.fc_reg.bias"] = Rows(20),
            ["mask_head.conv_logits.weight"] = Rows(5, 4, 1, 1),
            ["mask_head.conv_logits.bias"] = Rows(5),
        };
        string path = SaveV1("mask_rcnn_v1.pth", "1.0rc0", "model = dict(type='MaskRCNN', bbox_head=dict(num_classes=5))", state);
        var (result, check) = CheckpointConverters.Convert("mmdet-v1", null, path);
        var s = result.StateDict;
        Assert.Null(check);
        Assert.Equal(["backbone.conv1.weight", "rpn_head.rpn_cls.weight", "rpn_head.rpn_reg.bias", "roi_head.bbox_head.fc_cls.weight",
            "roi_head.bbox_head.fc_cls.bias", "roi_head.bbox_head.fc_reg.weight", "roi_head.bbox_head.fc_reg.bias",
            "roi_head.mask_head.conv_logits.weight", "roi_head.mask_head.conv_logits.bias"], s.Keys);
        Assert.Equal(Range((0, 3)), FirstColumn(s["rpn_head.rpn_cls.weight"]));              // sigmoid RPN: unchanged
        Assert.Equal(new float[] { 1, 2, 3, 4, 0 }, FirstColumn(s["roi_head.bbox_head.fc_cls.weight"]));
        Assert.Equal(new float[] { 1, 2, 3, 4, 0 }, FirstColumn(s["roi_head.bbox_head.fc_cls.bias"]));
        Assert.Equal(Range((4, 20)), FirstColumn(s["roi_head.bbox_head.fc_reg.weight"]));
        Assert.Equal(Range((4, 20)), FirstColumn(s["roi_head.bbox_head.fc_reg.bias"]));      // weight and bias alike
        Assert.Equal(Range((1, 5)), FirstColumn(s["roi_head.mask_head.conv_logits.weight"]));
        Assert.Equal(Range((1, 5)), FirstColumn(s["roi_head.mask_head.conv_logits.bias"]));
    }

    [Fact]
    public void MmdetV1ClassAgnosticRegressionAndNumClassesOption()
    {
        var state = new StateDict("v1.pth") { ["rpn_head.rpn_conv.weight"] = Rows(2), ["bbox_head.fc_cls.bias"] = Rows(5), ["bbox_head.fc_reg.bias"] = Rows(4) };
        string path = SaveV1("agnostic.pth", "1.0.0", "bbox_head=dict(num_classes=81, reg_class_agnostic=True)", state);
        var s = CheckpointConverters.Convert("mmdet-v1", null, path, numClasses: 5).Result.StateDict;
        Assert.Equal(new float[] { 1, 2, 3, 4, 0 }, FirstColumn(s["roi_head.bbox_head.fc_cls.bias"]));
        Assert.Equal(Range((0, 4)), FirstColumn(s["roi_head.bbox_head.fc_reg.bias"]));
    }

    [Fact]
    public void MmdetV1EarlyRetinaNetTowersBecomeConvModules()
    {
        var state = new StateDict("v1.pth")
        {
            ["bbox_head.cls_convs.0.weight"] = Rows(2, 2),
            ["bbox_head.reg_convs.1.bias"] = Rows(2),
            ["bbox_head.retina_cls.bias"] = Rows(2 * 4),   // sigmoid: classes without background, not reordered
        };
        string path = SaveV1("retina.pth", "0.5.2", "bbox_head=dict(type='RetinaHead', num_classes=5)", state);
        var s = CheckpointConverters.Convert("mmdet-v1", null, path).Result.StateDict;
        Assert.Equal(["bbox_head.cls_convs.0.conv.weight", "bbox_head.reg_convs.1.conv.bias", "bbox_head.retina_cls.bias"], s.Keys);
        Assert.Equal(Range((0, 8)), FirstColumn(s["bbox_head.retina_cls.bias"]));
    }
}
