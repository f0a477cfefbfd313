using System.Numerics;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Platform;

namespace Detect.Runtime.Tests.Checkpoints;

/// <summary>The reader on files written by real torch.save (PyTorch 1.13), zip and legacy formats.</summary>
public class TorchFileReaderTests
{
    public TorchFileReaderTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData("views", CheckpointFormat.TorchZip)]
    [InlineData("dtypes", CheckpointFormat.TorchZip)]
    [InlineData("legacy", CheckpointFormat.TorchLegacy)]
    public void ReadsEveryTensorWithItsDtypeShapeAndValues(string name, CheckpointFormat format)
    {
        var checkpoint = CheckpointLoader.Read(Golden.PathOf(name + ".pth"));
        Assert.Equal(format, checkpoint.Format);

        var expected = Golden.Expected(name);
        var state = checkpoint.StateDict;
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), state.Keys.Order());
        foreach (var entry in expected.EnumerateObject())
        {
            using var tensor = state.ToTensor(entry.Name);
            Golden.AssertTensor(entry.Value, tensor, entry.Name);
        }
    }

    [Theory]
    [InlineData("views")]
    [InlineData("legacy")]
    public void ViewsOfOneStorageShareItAndKeepTheirLayout(string name)
    {
        var state = CheckpointLoader.Read(Golden.PathOf(name + ".pth")).StateDict;

        Assert.Same(state["whole"].Storage, state["transposed"].Storage);
        Assert.Same(state["whole"].Storage, state["expanded"].Storage);
        Assert.Equal([1L, 6], state["transposed"].Strides);
        Assert.Equal(6, state["rows_1_3"].StorageOffset);
        Assert.Equal([6L, 2], state["every_other_col"].Strides);
        Assert.Equal([0L, 0], state["expanded"].Strides);
        Assert.Equal(24, state["whole"].Storage.NumElements);
    }

    [Fact]
    public void ParametersKeepRequiresGrad()
    {
        var state = CheckpointLoader.Read(Golden.PathOf("dtypes.pth")).StateDict;
        Assert.True(state["param"].RequiresGrad);
        Assert.False(state["f32"].RequiresGrad);
    }

    [Fact]
    public void ReadsMmdetectionStyleCheckpointWithMetaStateDictAndOptimizer()
    {
        var checkpoint = CheckpointLoader.Read(Golden.PathOf("mmdet_style.pth"));
        var root = Assert.IsType<PickleDict>(checkpoint.Root);
        Assert.Equal(["meta", "state_dict", "optimizer"], root.Keys.Cast<string>());

        var meta = checkpoint.Meta!;
        Assert.Equal("3.3.0", meta["mmdet_version"]);
        Assert.Equal(new PickleTuple(["person", "bicycle"]), meta["CLASSES"]);
        Assert.Equal(12L, meta["epoch"]);
        Assert.Equal(0.02, meta["lr"]);
        Assert.Equal([true, false, null], (List<object?>)meta["flags"]!);
        Assert.Equal(BigInteger.Pow(2, 70), meta["big"]);
        Assert.Equal(-5L, meta["neg"]);
        Assert.Equal("\0\u0001bytes"u8.ToArray(), meta["blob"]);
        Assert.Equal("Größe ✓", meta["unicode"]);
        var nested = (PickleDict)meta["nested"]!;
        Assert.Equal([1L, 2.5, "c"], (List<object?>)((PickleDict)nested["a"]!)["b"]!);
        Assert.Equal("int key", nested[3L]);
        Assert.Equal("tuple key", nested[new PickleTuple([1L, 2L])]);
        Assert.Equal([1L, 2L], ((HashSet<object>)meta["set"]!).Cast<long>().Order());

        // state_dict is found as MMEngine finds it; its OrderedDict keeps the _metadata attribute.
        var state = checkpoint.StateDict;
        Assert.Equal(["module.backbone.conv1.weight", "module.backbone.conv1.bias", "module.backbone.bn1.weight",
            "module.backbone.bn1.bias", "module.backbone.bn1.running_mean", "module.backbone.bn1.running_var",
            "module.backbone.bn1.num_batches_tracked"], state.Keys);
        var metadata = (PickleDict)((PickleDict)root["state_dict"]!).Attributes["_metadata"]!;
        Assert.Equal(2L, ((PickleDict)metadata["module.backbone.bn1"]!)["version"]);

        var expected = Golden.Expected("mmdet_style");
        foreach (var key in state.Keys)
        {
            using var t = state.ToTensor(key);
            Golden.AssertTensor(expected.GetProperty(key), t, key);
        }
        var optimizerState = (PickleDict)((PickleDict)((PickleDict)root["optimizer"]!)["state"]!)[0L]!;
        using var momentum = ((StoredTensor)optimizerState["momentum_buffer"]!).ToTensor();
        Golden.AssertTensor(expected.GetProperty("optimizer.state.0.momentum_buffer"), momentum, "momentum_buffer");
    }

    [Fact]
    public void MissingStateDictEntryNamesTheFileAndTheKeysItHas()
    {
        var checkpoint = CheckpointLoader.Read(Golden.PathOf("mmdet_style.pth"));
        var e = Assert.Throws<CheckpointFormatException>(() => checkpoint.GetStateDict("model_state"));
        Assert.Contains("mmdet_style.pth", e.Message);
        Assert.Contains("entry 'model_state' is a None", e.Message);
        Assert.Contains("top-level keys: meta, state_dict, optimizer", e.Message);
    }

    [Fact]
    public void NonTensorInStateDictIsAnErrorNamingTheKey()
    {
        var checkpoint = CheckpointLoader.Read(Golden.PathOf("mmdet_style.pth"));
        var e = Assert.Throws<CheckpointFormatException>(() => checkpoint.GetStateDict("meta"));
        Assert.Contains("entry 'mmdet_version' is a String, not a tensor", e.Message);
    }

    [Fact]
    public void TruncatedZipIsAnErrorNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"detect-truncated-{Guid.NewGuid():N}.pth");
        var bytes = File.ReadAllBytes(Golden.PathOf("dtypes.pth"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            var e = Assert.Throws<CheckpointFormatException>(() => CheckpointLoader.Read(path));
            Assert.StartsWith(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void UnknownFileFormatIsAnErrorNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"detect-notackpt-{Guid.NewGuid():N}.pth");
        File.WriteAllText(path, "this is not a checkpoint");
        try
        {
            var e = Assert.Throws<CheckpointFormatException>(() => CheckpointLoader.Read(path));
            Assert.StartsWith(path, e.Message);
        }
        finally { File.Delete(path); }
    }
}
