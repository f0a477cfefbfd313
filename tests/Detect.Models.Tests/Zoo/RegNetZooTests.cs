using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Detectors;
using Detect.Models.Zoo;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// The RegNet experiments against seed 003's tables and the MMDetection files they name (<c>configs/regnet</c>), row by
/// row: the arch, the FPN input widths MMDetection writes (the compiler checks them against the arch: DET201), the
/// pycls checkpoint, the schedule, the train resize, weight decay 5e-5 and the gradient clipping the RetinaNet and
/// 3x rows add.
/// </summary>
public sealed class RegNetZooTests
{
    static IExperiment Find(string name) => ExperimentCatalog.Find(name, [typeof(RetinaNetR50Fpn1xCoco).Assembly]);

    /// <summary>(seed row, experiment, arch, FPN in_channels, max_epochs, gradient clipping).</summary>
    public static TheoryData<string, string, RegNetXArch, int[], int, bool> Rows => new()
    {
        { "Mask R-CNN RegNetX-3.2GF-FPN 1x", "MaskRcnnRegNetX3_2gfFpn1xCoco", RegNetXArch.X3_2GF, [96, 192, 432, 1008], 12, false },
        { "Mask R-CNN RegNetX-4.0GF-FPN 1x", "MaskRcnnRegNetX4gfFpn1xCoco", RegNetXArch.X4_0GF, [80, 240, 560, 1360], 12, false },
        { "Mask R-CNN RegNetX-6.4GF-FPN 1x", "MaskRcnnRegNetX6_4gfFpn1xCoco", RegNetXArch.X6_4GF, [168, 392, 784, 1624], 12, false },
        { "Mask R-CNN RegNetX-8.0GF-FPN 1x", "MaskRcnnRegNetX8gfFpn1xCoco", RegNetXArch.X8_0GF, [80, 240, 720, 1920], 12, false },
        { "Mask R-CNN RegNetX-12GF-FPN 1x", "MaskRcnnRegNetX12gfFpn1xCoco", RegNetXArch.X12GF, [224, 448, 896, 2240], 12, false },
        { "Faster R-CNN RegNetX-3.2GF-FPN 1x", "FasterRcnnRegNetX3_2gfFpn1xCoco", RegNetXArch.X3_2GF, [96, 192, 432, 1008], 12, false },
        { "Faster R-CNN RegNetX-3.2GF-FPN 2x", "FasterRcnnRegNetX3_2gfFpn2xCoco", RegNetXArch.X3_2GF, [96, 192, 432, 1008], 24, false },
        { "RetinaNet RegNetX-800MF-FPN 1x", "RetinaNetRegNetX800mfFpn1xCoco", RegNetXArch.X800MF, [64, 128, 288, 672], 12, true },
        { "RetinaNet RegNetX-1.6GF-FPN 1x", "RetinaNetRegNetX1_6gfFpn1xCoco", RegNetXArch.X1_6GF, [72, 168, 408, 912], 12, true },
        { "RetinaNet RegNetX-3.2GF-FPN 1x", "RetinaNetRegNetX3_2gfFpn1xCoco", RegNetXArch.X3_2GF, [96, 192, 432, 1008], 12, true },
        { "Faster RCNN RegNetX-3.2GF-FPN 3x", "FasterRcnnRegNetX3_2gfFpnMs3xCoco", RegNetXArch.X3_2GF, [96, 192, 432, 1008], 12, false },
        { "Mask RCNN RegNetX-3.2GF-FPN 3x", "MaskRcnnRegNetX3_2gfFpnMs3xCoco", RegNetXArch.X3_2GF, [96, 192, 432, 1008], 36, true },
        // MMDetection's named rows beyond the seed's table: the 400MF–4.0GF multi-scale 3x experiments.
        { "faster-rcnn_regnetx-400MF_fpn_ms-3x_coco", "FasterRcnnRegNetX400mfFpnMs3xCoco", RegNetXArch.X400MF, [32, 64, 160, 384], 12, false },
        { "faster-rcnn_regnetx-800MF_fpn_ms-3x_coco", "FasterRcnnRegNetX800mfFpnMs3xCoco", RegNetXArch.X800MF, [64, 128, 288, 672], 12, false },
        { "faster-rcnn_regnetx-1.6GF_fpn_ms-3x_coco", "FasterRcnnRegNetX1_6gfFpnMs3xCoco", RegNetXArch.X1_6GF, [72, 168, 408, 912], 12, false },
        { "faster-rcnn_regnetx-4GF_fpn_ms-3x_coco", "FasterRcnnRegNetX4gfFpnMs3xCoco", RegNetXArch.X4_0GF, [80, 240, 560, 1360], 12, false },
        { "mask-rcnn_regnetx-400MF_fpn_ms-poly-3x_coco", "MaskRcnnRegNetX400mfFpnMsPoly3xCoco", RegNetXArch.X400MF, [32, 64, 160, 384], 12, true },
        { "mask-rcnn_regnetx-800MF_fpn_ms-poly-3x_coco", "MaskRcnnRegNetX800mfFpnMsPoly3xCoco", RegNetXArch.X800MF, [64, 128, 288, 672], 12, true },
        { "mask-rcnn_regnetx-1.6GF_fpn_ms-poly-3x_coco", "MaskRcnnRegNetX1_6gfFpnMsPoly3xCoco", RegNetXArch.X1_6GF, [72, 168, 408, 912], 12, true },
        { "mask-rcnn_regnetx-4GF_fpn_ms-poly-3x_coco", "MaskRcnnRegNetX4gfFpnMsPoly3xCoco", RegNetXArch.X4_0GF, [80, 240, 560, 1360], 12, true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_row_has_the_tables_backbone_schedule_and_optimizer(string row, string name, RegNetXArch arch, int[] fpnIn, int epochs, bool clip)
    {
        var config = Find(name).Config;
        var backbone = Assert.IsType<RegNetConfig>(config.Model!.Backbone);
        Assert.Equal((arch, 1, true), (backbone.Arch, backbone.FrozenStages, backbone.NormEval));
        string size = ConfigEnums.Name(arch);
        Assert.Equal("open-mmlab://" + size, Assert.IsType<PretrainedConfig>(backbone.InitCfg).Checkpoint);
        Assert.Equal(fpnIn, Assert.IsType<FpnConfig>(config.Model.Neck).InChannels);
        Assert.Equal(epochs, Assert.IsType<EpochBasedTrainLoopConfig>(config.TrainCfg).MaxEpochs);
        var sgd = Assert.IsType<SgdConfig>(config.OptimWrapper!.Optimizer);
        Assert.Equal((0.02, 0.9, 0.00005), (sgd.Lr, sgd.Momentum, sgd.WeightDecay));
        Assert.Equal(clip, config.OptimWrapper.ClipGrad is { MaxNorm: 35, NormType: 2 });
        _ = row;
    }

    [Fact]
    public void The_3x_rows_resize_at_many_scales_and_the_ms_rows_repeat_the_train_set_three_times()
    {
        var ms = Find("FasterRcnnRegNetX3_2gfFpnMs3xCoco").Config;
        var repeat = Assert.IsType<RepeatDatasetConfig>(ms.TrainDataloader!.Dataset);
        Assert.Equal(3, repeat.Times);
        Assert.Equal("annotations/instances_train2017.json", Assert.IsType<CocoDatasetConfig>(repeat.Dataset).AnnFile);
        Assert.Equal([1333, 640, 1333, 800], Assert.IsType<RandomResizeConfig>(repeat.Pipeline[2]).Scale);
        Assert.Equal([9, 11], Assert.IsType<MultiStepLrConfig>(ms.ParamScheduler[1]).Milestones);

        var poly = Find("MaskRcnnRegNetX400mfFpnMsPoly3xCoco").Config;
        var loads = Assert.IsType<LoadAnnotationsConfig>(Assert.IsType<RepeatDatasetConfig>(poly.TrainDataloader!.Dataset).Pipeline[1]);
        Assert.Equal((true, false), (loads.WithMask, loads.Poly2mask));
        // As MMDetection's ms-poly files, this family keeps the ResNet-50 model's RGB normalization.
        Assert.True(Assert.IsType<DetDataPreprocessorConfig>(poly.Model!.DataPreprocessor).BgrToRgb);

        var mask3x = Find("MaskRcnnRegNetX3_2gfFpnMs3xCoco").Config;
        var choice = Assert.IsType<RandomChoiceResizeConfig>(mask3x.TrainDataloader!.Dataset!.Pipeline[2]);
        Assert.Equal([1333, 640, 1333, 672, 1333, 704, 1333, 736, 1333, 768, 1333, 800], choice.Scales);
        Assert.Equal([28, 34], Assert.IsType<MultiStepLrConfig>(mask3x.ParamScheduler[1]).Milestones);
        Assert.False(Assert.IsType<DetDataPreprocessorConfig>(mask3x.Model!.DataPreprocessor).BgrToRgb);
    }

    [Theory]
    [InlineData("RetinaNetRegNetX800mfFpn1xCoco", typeof(RetinaNet))]
    [InlineData("FasterRcnnRegNetX400mfFpnMs3xCoco", typeof(FasterRCNN))]
    [InlineData("MaskRcnnRegNetX400mfFpnMsPoly3xCoco", typeof(MaskRCNN))]
    public void A_RegNet_experiment_builds_its_detector_on_a_RegNet(string name, Type detector)
    {
        using var model = Find(name).BuildModel();
        Assert.IsType(detector, model);
        Assert.IsType<RegNet>(((Detector)model).Backbone);
    }
}
