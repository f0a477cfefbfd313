using Detect.Masks;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Masks;

/// <summary>Mask layouts, tensors and the errors of the RLE helpers (pycocotools' values are in MaskApiGoldenTests).</summary>
public class RleEncodingTests
{
    // 3×4 mask, rows:  0 1 1 0 / 0 1 0 0 / 1 1 0 0  → column-major 0 0 1 | 1 1 1 | 1 0 0 | 0 0 0 → runs 2,5,5
    private static readonly byte[] RowMajor = [0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0];

    [Fact]
    public void RowMajorMasksEncodeColumnMajorRuns()
    {
        var rle = RleEncoding.EncodeRowMajor(RowMajor, 3, 4);
        Assert.Equal([2u, 5, 5], rle.Counts);
        Assert.Equal(RowMajor, RleEncoding.DecodeRowMajor(rle));
        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], RleEncoding.DecodeColumnMajor(rle));
        Assert.Equal(5u, RleOps.Area(rle));
        Assert.Equal([0.0, 0, 3, 3], RleOps.ToBbox(rle));
        Assert.Equal([0u, 12], RleEncoding.EncodeRowMajor(Enumerable.Repeat((byte)1, 12).ToArray(), 3, 4).Counts);
    }

    [Fact]
    public void InconsistentRunsAreRejected()
    {
        var bad = new Rle(3, 4, [2, 5]);
        Assert.Contains("add up to 7 pixels", Assert.Throws<ArgumentException>(() => RleEncoding.DecodeRowMajor(bad)).Message);
        Assert.Throws<ArgumentException>(() => RleEncoding.EncodeRowMajor(RowMajor, 4, 4));
        Assert.Throws<ArgumentException>(() => RleOps.Merge([bad, new Rle(3, 4, [12])]));
        Assert.Throws<FormatException>(() => RleCodec.FromCompressedString("1~", 3, 4));
        Assert.Throws<FormatException>(() => RleCodec.FromCompressedString("P", 3, 4)); // continuation bit on the last character
    }

    [Fact]
    public void MasksOfDifferentSizesMergeToEmptyAndHaveIouMinusOne()
    {
        var a = new Rle(3, 4, [2, 5, 5]);
        var b = new Rle(4, 3, [2, 5, 5]);
        Assert.Equal(new Rle(0, 0, []), RleOps.Merge([a, b]));
        Assert.Equal(-1.0, MaskIou.RleIou([a], [b], [false])[0, 0]);
    }

    [Fact]
    public void TensorMasksRoundTrip()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var mask = tensor(RowMajor, [3, 4]).to_type(ScalarType.Bool);
        var rle = MaskTensors.Encode(mask);
        Assert.Equal([2u, 5, 5], rle.Counts);
        Assert.True(MaskTensors.Decode(rle).eq(mask).all().item<bool>());
        var batch = stack([mask, mask.logical_not()]);
        var both = MaskTensors.EncodeEach(batch);
        Assert.Equal([0u, 2, 5, 5], both[1].Counts);
        Assert.False(mask.IsInvalid); // inputs are not disposed
    }
}
