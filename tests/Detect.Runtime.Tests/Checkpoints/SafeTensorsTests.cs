using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Detect.Checkpoints;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Checkpoints;

public sealed class SafeTensorsTests : TempFolderTest
{
    [Fact]
    public void RoundTripsEveryDtypeShapeAndMetadata()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = arange(6, dtype: float32).reshape(2, 3) / 7,
            ["f16"] = tensor(new float[] { 0.5f, -65504f }).to(float16),
            ["bf16"] = tensor(new float[] { 1.5f, 3e38f }).to(bfloat16),
            ["f64"] = tensor(new double[] { 1.0 / 3 }),
            ["i64"] = tensor(new long[] { long.MinValue, 1L << 62 }),
            ["i32"] = tensor(new int[] { -7 }),
            ["u8"] = tensor(new byte[] { 0, 255 }),
            ["bool"] = tensor(new bool[] { true, false, true }),
            ["scalar"] = tensor(2.5f),
            ["empty"] = zeros(0, 4),
            ["transposed"] = arange(6, dtype: float32).reshape(2, 3).t(), // non-contiguous input is written contiguously
        };
        var metadata = new Dictionary<string, string> { ["format"] = "detect", ["iteration"] = "1200" };
        string path = Path.Combine(Folder, "all.safetensors");

        SafeTensors.Save(path, tensors, metadata);
        var read = SafeTensors.Read(path);

        Assert.Equal(metadata, read.Metadata);
        Assert.Equal(tensors.Keys, read.Tensors.Keys);
        foreach (var (key, expected) in tensors)
        {
            var actual = read.Tensors.ToTensor(key);
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(expected.contiguous().equal(actual).all().item<bool>(), key);
        }
        Assert.Equal(CheckpointFormat.SafeTensors, CheckpointLoader.DetectFormat(path));
    }

    [Fact]
    public void WritesTheDocumentedLayout()
    {
        string path = Path.Combine(Folder, "layout.safetensors");
        using var t = tensor(new float[] { 1, 2, 3 });
        SafeTensors.Save(path, [new("w", t)], new Dictionary<string, string> { ["k"] = "v" });

        var bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8); // data 8-byte aligned, header padded with spaces
        var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength)).RootElement;
        Assert.Equal("v", header.GetProperty("__metadata__").GetProperty("k").GetString());
        Assert.Equal("F32", header.GetProperty("w").GetProperty("dtype").GetString());
        Assert.Equal([3L], header.GetProperty("w").GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([0L, 12], header.GetProperty("w").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(8 + headerLength + 12, bytes.Length);
        Assert.Equal(2f, BitConverter.ToSingle(bytes, (int)(8 + headerLength) + 4));
    }

    [Fact]
    public void ReadsAHandWrittenFile()
    {
        // {"b":{"dtype":"I16","shape":[2],"data_offsets":[0,4]},"a":{"dtype":"U8","shape":[1,1],"data_offsets":[4,5]}}
        string path = Path.Combine(Folder, "hand.safetensors");
        File.WriteAllBytes(path, Build("""{"b":{"dtype":"I16","shape":[2],"data_offsets":[0,4]},"a":{"dtype":"U8","shape":[1,1],"data_offsets":[4,5]}}""",
            [0xFF, 0xFF, 0x02, 0x01, 0x2A]));

        var state = CheckpointLoader.Read(path).StateDict;
        Assert.Equal([-1, 258], state.ToTensor("b").data<short>().ToArray());
        Assert.Equal(42, state.ToTensor("a").item<byte>());
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "tensor 'w': shape [2] of F32 needs 8 bytes")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "tensor 'w' starts at byte 4 of the data, expected 0")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8, "the tensors cover 4 data bytes but the file has 8")]
    [InlineData("""{"w":{"dtype":"U16","shape":[1],"data_offsets":[0,2]}}""", 2, "tensor 'w' has unsupported dtype U16")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1]}}""", 4, "tensor 'w' has a malformed header entry")]
    public void MalformedHeadersAreErrorsNamingFileAndTensor(string header, int dataBytes, string message)
    {
        string path = Path.Combine(Folder, "bad.safetensors");
        File.WriteAllBytes(path, Build(header, new byte[dataBytes]));
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void SavesAStateDictWithoutTorchSharpWhenContiguous()
    {
        var state = CheckpointLoader.Read(Golden.PathOf("views.pth")).StateDict;
        string path = Path.Combine(Folder, "views.safetensors");
        SafeTensors.Save(path, state);

        var expected = Golden.Expected("views");
        var read = SafeTensors.Read(path).Tensors;
        foreach (var entry in expected.EnumerateObject())
        {
            using var t = read.ToTensor(entry.Name);
            Golden.AssertTensor(entry.Value, t, entry.Name);
        }
    }

    static byte[] Build(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }
}
