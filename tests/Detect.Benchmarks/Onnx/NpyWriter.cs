using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Onnx;

/// <summary>Writes a float32 tensor as NumPy's <c>.npy</c> (format 1.0, little-endian, C order): what numpy.load reads.</summary>
internal static class NpyWriter
{
    public static void Save(Tensor tensor, string path)
    {
        using var data = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        string shape = data.shape.Length switch
        {
            0 => "()",
            1 => $"({data.shape[0]},)",
            _ => "(" + string.Join(", ", data.shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        // Magic (6) + version (2) + length (2) + header + '\n', padded with spaces to a multiple of 64.
        int total = (10 + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(total - 10 - 1) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.ASCII.GetBytes(header));
        var values = data.data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("npy: this writer assumes a little-endian host.");
        file.Write(bytes);
    }
}
