using System.IO.Compression;
using System.Numerics;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Checkpoints;

public sealed class TorchCheckpointWriterTests : TempFolderTest
{
    [Fact]
    public void WritesWhatTheReaderReadsBack()
    {
        var source = CheckpointLoader.Read(Golden.PathOf("dtypes.pth")).StateDict;
        using var extra = arange(6, dtype: float32).reshape(2, 3).t();
        var root = new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?>
            {
                ["mmdet_version"] = "3.3.0",
                ["classes"] = new PickleTuple(["a", "b"]),
                ["epoch"] = 12,
                ["big"] = BigInteger.Pow(2, 70),
                ["neg"] = -70000L,
                ["lr"] = 0.02,
                ["flags"] = new object?[] { true, false, null },
                ["blob"] = new byte[] { 0, 200, 7 },
            },
            ["state_dict"] = source,
            ["extra"] = extra,
        };
        string path = Path.Combine(Folder, "out.pth");

        TorchCheckpointWriter.Save(path, root);
        var read = CheckpointLoader.Read(path);

        Assert.Equal(CheckpointFormat.TorchZip, read.Format);
        var meta = read.Meta!;
        Assert.Equal("3.3.0", meta["mmdet_version"]);
        Assert.Equal(new PickleTuple(["a", "b"]), meta["classes"]);
        Assert.Equal(12L, meta["epoch"]);
        Assert.Equal(BigInteger.Pow(2, 70), meta["big"]);
        Assert.Equal(-70000L, meta["neg"]);
        Assert.Equal(0.02, meta["lr"]);
        Assert.Equal([true, false, null], (List<object?>)meta["flags"]!);
        Assert.Equal(new byte[] { 0, 200, 7 }, meta["blob"]);

        var expected = Golden.Expected("dtypes");
        Assert.Equal(source.Keys, read.StateDict.Keys);
        foreach (var key in source.Keys)
        {
            using var t = read.StateDict.ToTensor(key);
            Golden.AssertTensor(expected.GetProperty(key), t, key);
        }
        using var back = ((StoredTensor)((PickleDict)read.Root!)["extra"]!).ToTensor();
        Assert.True(back.equal(extra).all().item<bool>());
    }

    [Fact]
    public void UsesTorchSaveLayoutWithStoredEntries()
    {
        string path = Path.Combine(Folder, "layout.pth");
        using var t = ones(2);
        TorchCheckpointWriter.Save(path, new Dictionary<string, object?> { ["w"] = t });

        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/version"], zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength));
        Assert.Equal(8, zip.GetEntry("archive/data/0")!.Length);
    }

    [Fact]
    public void UnsupportedValueIsAnErrorNamingWhereItIs()
    {
        var root = new Dictionary<string, object?> { ["meta"] = new Dictionary<string, object?> { ["when"] = DateTime.UnixEpoch } };
        var e = Assert.Throws<ArgumentException>(() => TorchCheckpointWriter.Save(Path.Combine(Folder, "x.pth"), root));
        Assert.Contains("'root.meta.when' is a DateTime", e.Message);
        Assert.Empty(Directory.GetFiles(Folder));
    }
}
