using System.Security.Cryptography;
using Detect.Analysis.Publishing;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Analysis.Tests;

/// <summary>publish_model.py: training state dropped, the name carries the file's sha256 prefix.</summary>
public sealed class ModelPublisherTests
{
    [Fact]
    public void KeepsMetaAndWeightsAndNamesTheFileByItsHash()
    {
        TorchRuntime.EnsureInitialized();
        using var tmp = new TempFolder();
        var state = new Dictionary<string, object?> { ["backbone.conv1.weight"] = arange(6, dtype: ScalarType.Float32).view(2, 3) };
        var root = new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?> { ["epoch"] = 12L, ["dataset_meta"] = new Dictionary<string, object?> { ["classes"] = new List<object?> { "a", "b" } } },
            ["state_dict"] = state,
            ["optimizer"] = new Dictionary<string, object?> { ["lr"] = 0.01 },
            ["message_hub"] = new Dictionary<string, object?> { ["iter"] = 100L },
        };
        TorchCheckpointWriter.Save(tmp["epoch_12.pth"], root);
        var removed = new List<string>();
        string final = ModelPublisher.Publish(tmp["epoch_12.pth"], tmp["model.pth"], log: removed.Add);

        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(final)));
        Assert.Equal(tmp[$"model-{sha[..8]}.pth"], final);
        Assert.False(File.Exists(tmp["model.pth"]));
        Assert.Equal(2, removed.Count);
        Assert.Contains("Key `optimizer` will be removed", removed[0]);
        var published = (PickleDict)CheckpointLoader.Read(final).Root!;
        Assert.Equal(["meta", "state_dict"], published.Keys.Cast<string>());
        Assert.Equal([0f, 1, 2, 3, 4, 5], CheckpointLoader.Read(final).StateDict["backbone.conv1.weight"].ToTensor().data<float>().ToArray());
    }

    [Fact]
    public void ACheckpointWithoutTheKeysIsAnError()
    {
        TorchRuntime.EnsureInitialized();
        using var tmp = new TempFolder();
        TorchCheckpointWriter.Save(tmp["x.pth"], new Dictionary<string, object?> { ["optimizer"] = 1L });
        Assert.Contains("none of the keys", Assert.Throws<AnalysisException>(() => ModelPublisher.Publish(tmp["x.pth"], tmp["y.pth"])).Message);
    }
}
