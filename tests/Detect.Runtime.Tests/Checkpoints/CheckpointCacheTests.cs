using Detect.Checkpoints;

namespace Detect.Runtime.Tests.Checkpoints;

/// <summary>
/// Zoo names and URLs resolve to torch.hub's cache as MMEngine resolves them (file names from torchvision 0.14
/// and MMEngine's openmmlab.json), without a network; a missing file says what to put where.
/// </summary>
public sealed class CheckpointCacheTests : IDisposable
{
    readonly TorchHome home = new();
    readonly string anyFile = Path.Combine(AppContext.BaseDirectory, "Detect.Runtime.dll");

    [Theory]
    [InlineData("torchvision://resnet50", "resnet50-0676ba61.pth")]
    [InlineData("torchvision://resnet18", "resnet18-f37072fd.pth")]
    [InlineData("torchvision://resnet101", "resnet101-63fe2227.pth")]
    [InlineData("torchvision://resnext50_32x4d", "resnext50_32x4d-7cdf4587.pth")]
    [InlineData("torchvision://regnet_x_3_2gf", "regnet_x_3_2gf-f342aeae.pth")]
    [InlineData("torchvision://resnet50.imagenet1k_v2", "resnet50-11ad3fa6.pth")]
    [InlineData("modelzoo://resnet50", "resnet50-0676ba61.pth")]
    [InlineData("open-mmlab://detectron/resnet50_caffe", "resnet50_caffe-788b5fa3.pth")]
    [InlineData("openmmlab://detectron/resnet50_caffe", "resnet50_caffe-788b5fa3.pth")]
    [InlineData("open-mmlab://resnet50_caffe", "resnet50_caffe-788b5fa3.pth")] // deprecated name
    [InlineData("open-mmlab://detectron2/resnet50_caffe", "resnet50_msra-5891d200.pth")]
    [InlineData("open-mmlab://msra/hrnetv2_w32", "hrnetv2_w32-dc9eeb4f.pth")]
    [InlineData("open-mmlab://regnetx_3.2gf", "regnetx_3.2gf-c2599b0f.pth")]
    [InlineData("https://download.openmmlab.com/mmdetection/v2.0/retinanet/retinanet_r50_fpn_1x_coco/retinanet_r50_fpn_1x_coco_20200130-c2398f9e.pth",
        "retinanet_r50_fpn_1x_coco_20200130-c2398f9e.pth")]
    public void A_zoo_name_or_URL_is_its_file_in_the_torch_hub_cache(string checkpoint, string file)
    {
        string cached = home.Put(anyFile, file);
        Assert.Equal(Path.Combine(home.Root, "hub", "checkpoints"), CheckpointCache.Folder);
        Assert.Equal(cached, CheckpointCache.Resolve(checkpoint));
    }

    [Fact]
    public void A_local_path_is_used_as_it_is()
    {
        Assert.Equal(anyFile, CheckpointCache.Resolve(anyFile));
        Assert.Null(CheckpointCache.DownloadUrl(anyFile));
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "w.pth"), CheckpointCache.Resolve("~/w.pth"));
    }

    [Fact]
    public void A_missing_file_names_the_file_the_folder_and_the_download()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CheckpointCache.Resolve("torchvision://resnet50"));
        Assert.Equal(
            $"Checkpoint torchvision://resnet50 is not on this machine: put resnet50-0676ba61.pth into {home.Root}/hub/checkpoints " +
            "(download it from https://download.pytorch.org/models/resnet50-0676ba61.pth). That folder is torch.hub's cache, " +
            "$TORCH_HOME/hub/checkpoints (~/.cache/torch/hub/checkpoints without TORCH_HOME); Detect does not download checkpoints.", e.Message);
        Assert.Equal($"{home.Root}/hub/checkpoints/resnet50-0676ba61.pth", e.FileName);
        // CheckpointLoader reads zoo names through the cache, so every load_from / init_cfg / --checkpoint gets the same message.
        Assert.Equal(e.Message, Assert.Throws<FileNotFoundException>(() => CheckpointLoader.Read("torchvision://resnet50")).Message);
    }

    [Fact]
    public void An_unknown_name_lists_names_like_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CheckpointCache.Resolve("torchvision://resnet05"));
        Assert.Equal("torchvision://resnet05 is not among torchvision's checkpoint names; names like it: resnet101, resnet152, resnet18, resnet34, resnet50.", e.Message);
        e = Assert.Throws<FileNotFoundException>(() => CheckpointCache.Resolve("open-mmlab://detectron/resnet5_caffe"));
        Assert.Equal("open-mmlab://detectron/resnet5_caffe is not among OpenMMLab's checkpoint names; names like it: " +
            "detectron/resnet50_caffe, detectron/resnet101_caffe, detectron/resnet50_gn, detectron/resnet101_gn.", e.Message);
    }

    [Fact]
    public void Without_TORCH_HOME_the_cache_is_under_XDG_CACHE_HOME_as_torch_hub_has_it()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("TORCH_HOME", null);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/tmp/xdg");
            Assert.Equal("/tmp/xdg/torch/hub/checkpoints", CheckpointCache.Folder);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", null);
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache/torch/hub/checkpoints"), CheckpointCache.Folder);
        }
        finally { Environment.SetEnvironmentVariable("XDG_CACHE_HOME", xdg); }
    }

    public void Dispose() => home.Dispose();
}
