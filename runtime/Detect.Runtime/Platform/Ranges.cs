using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// <c>torch.arange</c> over integers with Scalars that outlive the call: TorchSharp's <c>arange(n)</c> and
/// <c>arange(a, b)</c> fill in the missing start and step with temporary Scalars (see <see cref="Scalars"/>).
/// </summary>
public static class Ranges
{
    /// <summary><c>torch.arange(stop)</c>: 0, 1, …, stop − 1 (int64 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor Arange(long stop, ScalarType? dtype = null, Device? device = null) => Arange(0, stop, dtype, device);

    /// <summary><c>torch.arange(start, stop)</c>: start, start + 1, …, stop − 1.</summary>
    public static Tensor Arange(long start, long stop, ScalarType? dtype = null, Device? device = null)
    {
        using var from = start.ToScalar();
        using var to = stop.ToScalar();
        return arange(from, to, Scalars.One, dtype, device);
    }
}
