using Detect.Checkpoints;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Cli.Tests;

public sealed class ConvertCommandTests
{
    public ConvertCommandTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void ListsTheTorchvisionDetectors()
    {
        var list = Cli.Run("convert", "--from", "torchvision", "--arch", "list", "--in", "-", "--out", "-");
        Assert.Equal(0, list.Exit);
        foreach (var arch in new[] { "fasterrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn", "retinanet_resnet50_fpn", "fcos_resnet50_fpn", "ssd300_vgg16", "resnet50" })
            Assert.Contains(arch + Environment.NewLine, list.Out);
    }

    [Fact]
    public void UpgradesAnMmdetV1CheckpointToSafetensors()
    {
        using var tmp = new TempFolder();
        using (var scope = NewDisposeScope())
        {
            var state = new StateDict("v1")
            {
                ["bbox_head.fc_cls.bias"] = StoredTensor.FromTensor(arange(3, dtype: ScalarType.Float32)),
                ["rpn_head.rpn_cls.bias"] = StoredTensor.FromTensor(zeros(3)),
            };
            TorchCheckpointWriter.Save(tmp["v1.pth"], new Dictionary<string, object?>
            {
                ["meta"] = new Dictionary<string, object?> { ["mmdet_version"] = "1.0rc0", ["config"] = "num_classes=3" },
                ["state_dict"] = state,
            });
        }
        var run = Cli.Run("convert", "--from", "mmdet-v1", "--in", tmp["v1.pth"], "--out", tmp["v2.safetensors"]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("-> " + tmp["v2.safetensors"] + ": 2 tensors", run.Out);
        var converted = CheckpointLoader.Read(tmp["v2.safetensors"]).StateDict;
        Assert.Equal(["roi_head.bbox_head.fc_cls.bias", "rpn_head.rpn_cls.bias"], converted.Keys);
        using var bias = converted.ToTensor("roi_head.bbox_head.fc_cls.bias");
        Assert.Equal(new float[] { 1, 2, 0 }, bias.data<float>().ToArray());
    }

    [Fact]
    public void AWrongClassCountIsAnError()
    {
        using var tmp = new TempFolder();
        var run = Cli.Run("convert", "--from", "torchvision", "--arch", "retinanet_resnet50_fpn", "--num-classes", "21",
            "--in", Cli.Fixture("detectors", "retinanet_resnet50_fpn_narrow.pth"), "--out", tmp["x.pth"]);
        Assert.Equal(1, run.Exit);
        Assert.Contains("--num-classes 21 does not match the checkpoint's 91 classes", run.Err);
        Assert.False(File.Exists(tmp["x.pth"]));
    }
}
