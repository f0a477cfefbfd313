using Detect.Config;
using Detect.Models.DenseHeads;
using Detect.Models.Detectors;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Samplers;
using Detect.Models.Tests.Vocabulary;
using Detect.Models.Zoo;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// A detector's <c>train_cfg</c> / <c>test_cfg</c> reach its heads through their constructors: the generated <c>Build()</c>
/// builds each head with the detector's settings (<c>[SettingsFor]</c>), as MMDetection's detectors update their heads'
/// configs before building them. Values are the zoo configs' (MMDetection's faster_rcnn_r50_fpn, retinanet_r50_fpn,
/// cascade_rcnn_r50_fpn).
/// </summary>
public sealed class DetectorSettingsTests
{
    public DetectorSettingsTests() => Detect.Platform.TorchRuntime.EnsureInitialized();

    [Fact]
    public void Faster_RCNN_heads_take_train_cfg_and_test_cfg_rpn_and_rcnn()
    {
        var cfg = new FasterRcnnR50Fpn1xCoco().Cfg;
        using var model = Assert.IsType<FasterRCNN>(new FasterRcnnR50Fpn1xCoco().BuildModel());

        var rpnTest = model.RpnHead.TestCfg!;
        Assert.Equal((cfg.Model.TestCfg.Rpn.NmsPre, cfg.Model.TestCfg.Rpn.MaxPerImg), (rpnTest.NmsPre, rpnTest.MaxPerImg));
        Assert.Equal((1000, 1000, 0.7), (rpnTest.NmsPre, rpnTest.MaxPerImg, rpnTest.Nms.IouThreshold));
        var rpnAssigner = Assert.IsType<MaxIoUAssigner>(model.RpnHead.TrainCfg!.Assigner);
        Assert.Equal((0.7, 0.3), (rpnAssigner.PosIouThr, rpnAssigner.MinPosIou));
        Assert.Equal(256, Assert.IsType<RandomSampler>(model.RpnHead.TrainCfg.Sampler).Num);

        var roiHead = Assert.IsType<StandardRoIHead>(model.RoiHead);
        Assert.Equal((cfg.Model.TestCfg.Rcnn.ScoreThr, cfg.Model.TestCfg.Rcnn.MaxPerImg), (roiHead.TestCfg!.ScoreThr, roiHead.TestCfg.MaxPerImg));
        Assert.Equal((0.05, 100, 0.5), (roiHead.TestCfg.ScoreThr, roiHead.TestCfg.MaxPerImg, roiHead.TestCfg.Nms.IouThreshold));
        Assert.Equal(0.5, Assert.IsType<MaxIoUAssigner>(roiHead.TrainCfg!.Assigner).PosIouThr);
        Assert.Equal(512, Assert.IsType<RandomSampler>(roiHead.TrainCfg.Sampler).Num);

        // The detector keeps what it uses itself: rpn_proposal makes the training proposals.
        Assert.Equal((2000, 1000), (model.TrainCfg!.RpnProposal.NmsPre, model.TrainCfg.RpnProposal.MaxPerImg));
    }

    [Fact]
    public void RetinaNet_head_takes_the_detector_settings()
    {
        var config = (RetinaNetConfig)new RetinaNetR50Fpn1xCoco().Config.Model!;
        using var model = Assert.IsType<RetinaNet>(new RetinaNetR50Fpn1xCoco().BuildModel());
        var test = model.BboxHead.TestCfg!;
        var expected = config.TestCfg!;
        Assert.Equal((expected.NmsPre, expected.MinBboxSize, expected.ScoreThr, expected.MaxPerImg), (test.NmsPre, test.MinBboxSize, test.ScoreThr, test.MaxPerImg));
        Assert.Equal((1000, 0.05, 100, 0.5), (test.NmsPre, test.ScoreThr, test.MaxPerImg, test.Nms.IouThreshold));
        var assigner = Assert.IsType<MaxIoUAssigner>(model.BboxHead.TrainCfg!.Assigner);
        Assert.Equal((0.5, 0.0), (assigner.PosIouThr, assigner.MinPosIou));
    }

    [Fact]
    public void Cascade_RoI_head_takes_one_train_cfg_rcnn_item_per_stage()
    {
        var config = (CascadeRcnnConfig)new CascadeRcnnR50Fpn1xCoco().Config.Model!;
        using var model = Assert.IsType<CascadeRCNN>(config.Build());
        var head = Assert.IsType<CascadeRoIHead>(model.RoiHead);
        Assert.Equal([0.5, 0.6, 0.7], head.TrainCfg!.Select(c => Assert.IsType<MaxIoUAssigner>(c.Assigner).PosIouThr));
        Assert.Equal(0.05, head.TestCfg!.ScoreThr);
    }

    [Fact]
    public void A_changed_setting_reaches_the_head_and_a_head_keeps_its_own_where_the_detector_has_none()
    {
        var detector = TinyModelConfigs.RetinaNet;
        var own = new DenseTestCfgConfig { NmsPre = 7, ScoreThr = 0.2, Nms = new NmsConfig { IouThreshold = 0.5 }, MaxPerImg = 3 };

        using var changed = Assert.IsType<RetinaNet>((detector with { TestCfg = detector.TestCfg! with { NmsPre = 42 } }).Build());
        Assert.Equal(42, changed.BboxHead.TestCfg!.NmsPre);

        // MMDetection's update: the detector's settings replace the head's own ...
        using var both = Assert.IsType<RetinaNet>((detector with { BboxHead = ((RetinaHeadConfig)detector.BboxHead!) with { TestCfg = own } }).Build());
        Assert.Equal(100, both.BboxHead.TestCfg!.NmsPre);
        // ... and where the detector has none, the head keeps its own.
        using var headOnly = Assert.IsType<RetinaNet>((detector with { TestCfg = null, BboxHead = ((RetinaHeadConfig)detector.BboxHead!) with { TestCfg = own } }).Build());
        Assert.Equal((7, 0.2, 3), (headOnly.BboxHead.TestCfg!.NmsPre, headOnly.BboxHead.TestCfg.ScoreThr, headOnly.BboxHead.TestCfg.MaxPerImg));
    }

    [Fact]
    public void Train_cfg_rcnn_fits_the_RoI_head_and_the_cascade_constructor_counts_the_stages()
    {
        var faster = TinyModelConfigs.FasterRcnn;
        var cascade = TinyModelConfigs.CascadeRcnn;
        var perStage = (MultiStageTrainCfgConfig)cascade.TrainCfg!;

        // A per-stage list of one item is the train_cfg of a one-stage RoI head (what DET208 lets through).
        using var one = Assert.IsType<FasterRCNN>((faster with { TrainCfg = perStage with { Rcnn = [perStage.Rcnn[1]] } }).Build());
        Assert.Equal(0.6, Assert.IsType<MaxIoUAssigner>(Assert.IsType<StandardRoIHead>(one.RoiHead).TrainCfg!.Assigner).PosIouThr);

        // Two items for one stage: the build says which head and how many.
        var two = Assert.Throws<ConfigurationException>(() => (faster with { TrainCfg = perStage }).Build());
        Assert.Equal("FasterRCNN.roi_head: StandardRoIHead takes one train_cfg, but the detector's has 2 items (one per stage of a multi-stage head).", two.Message);

        // One setting for a two-stage cascade: the cascade's constructor counts the stages.
        var single = Assert.Throws<ArgumentException>(() => (cascade with { TrainCfg = faster.TrainCfg }).Build());
        Assert.StartsWith("CascadeRoIHead has 2 stage(s) but train_cfg.rcnn has 1 item(s).", single.Message);
    }

    [Fact]
    public void A_head_without_test_cfg_says_so_when_it_predicts()
    {
        using var model = Assert.IsType<RetinaNet>((TinyModelConfigs.RetinaNet with { TestCfg = null }).Build());
        Assert.Null(model.BboxHead.TestCfg);
        model.eval();
        using var batch = Detectors.SmallDetectors.OddSizedBatch();
        var error = Assert.Throws<InvalidOperationException>(() => model.Predict(batch));
        Assert.Equal("RetinaHead has no test_cfg; give the detector one.", error.Message);
    }
}
