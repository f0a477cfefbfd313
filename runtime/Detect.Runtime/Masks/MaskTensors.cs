using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Masks;

/// <summary>
/// RLE ↔ tensors: what LoadAnnotations (ground-truth masks as H×W bool tensors) and the evaluator
/// (predicted N×H×W masks → RLE) need. Tensors may live on any device; encoding reads them on the CPU.
/// </summary>
public static class MaskTensors
{
    /// <summary>Encodes an H×W mask tensor (bool or any numeric type, nonzero = set).</summary>
    public static Rle Encode(Tensor mask)
    {
        if (mask.dim() != 2) throw new ArgumentException($"Expected an H×W mask, got [{string.Join(", ", mask.shape)}].", nameof(mask));
        using var scope = NewDisposeScope();
        var bytes = mask.ne(Scalars.Zero).to_type(ScalarType.Byte).cpu().contiguous();
        return RleEncoding.EncodeRowMajor(bytes.bytes, (int)mask.shape[0], (int)mask.shape[1]);
    }

    /// <summary>Encodes each mask of an N×H×W tensor.</summary>
    public static Rle[] EncodeEach(Tensor masks)
    {
        if (masks.dim() != 3) throw new ArgumentException($"Expected N×H×W masks, got [{string.Join(", ", masks.shape)}].", nameof(masks));
        using var scope = NewDisposeScope();
        var bytes = masks.ne(Scalars.Zero).to_type(ScalarType.Byte).cpu().contiguous();
        int n = (int)masks.shape[0], h = (int)masks.shape[1], w = (int)masks.shape[2];
        var all = bytes.bytes;
        var rles = new Rle[n];
        for (int i = 0; i < n; i++) rles[i] = RleEncoding.EncodeRowMajor(all.Slice(i * h * w, h * w), h, w);
        return rles;
    }

    /// <summary>Decodes into an H×W bool tensor on <paramref name="device"/> (CPU when null).</summary>
    public static Tensor Decode(Rle rle, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var mask = tensor(RleEncoding.DecodeRowMajor(rle), [rle.Height, rle.Width]).to_type(ScalarType.Bool);
        if (device is not null) mask = mask.to(device);
        return mask.MoveToOuterDisposeScope();
    }
}
