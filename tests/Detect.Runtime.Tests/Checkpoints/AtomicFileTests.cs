using Detect.Checkpoints;

namespace Detect.Runtime.Tests.Checkpoints;

public sealed class AtomicFileTests : TempFolderTest
{
    [Fact]
    public void ReplacesTheFileWhole()
    {
        string path = Path.Combine(Folder, "ckpt.bin");
        File.WriteAllText(path, "old");
        AtomicFile.WriteAllBytes(path, "new content"u8);
        Assert.Equal("new content", File.ReadAllText(path));
        Assert.Equal(["ckpt.bin"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void FailureMidWriteKeepsTheOldFileAndLeavesNoTemporary()
    {
        string path = Path.Combine(Folder, "ckpt.bin");
        File.WriteAllText(path, "old");

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1 << 20]); // half a checkpoint is out...
            throw new IOException("disk full");  // ...when writing fails
        }));

        Assert.Equal("disk full", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["ckpt.bin"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void FailureOnANewFileCreatesNothing()
    {
        string path = Path.Combine(Folder, "sub", "new.bin");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("interrupted");
        }));
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void SafeTensorsSaveThatFailsMidWriteLeavesThePreviousCheckpoint()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        string path = Path.Combine(Folder, "model.safetensors");
        using var good = TorchSharp.torch.ones(3);
        SafeTensors.Save(path, [new("w", good)]);
        var before = File.ReadAllBytes(path);

        // The second tensor's bytes cannot be read: the header and the first tensor are already written.
        var state = new StateDict("test")
        {
            ["a"] = StoredTensor.FromTensor(good),
            ["b"] = new StoredTensor(new TensorStorage(TorchSharp.torch.ScalarType.Float32, 1000,
                () => throw new IOException("source vanished"), "test:b"), 0, [1000], [1]),
        };
        var e = Assert.Throws<IOException>(() => SafeTensors.Save(path, state));

        Assert.Equal("source vanished", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Folder));
    }
}
