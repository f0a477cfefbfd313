using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// TorchSharp <see cref="Scalar"/>s that live as long as the process, for the numbers Detect's tensor code uses
/// everywhere: <c>a.add(b, Scalars.One)</c> for <c>a + b</c>, <c>t.mul(Scalars.Half)</c> for <c>t * 0.5</c>.
/// </summary>
/// <remarks>
/// Why not the operators: <c>t * 0.5</c>, <c>t + 1</c> and even <c>a + b</c> on two tensors (TorchSharp's
/// <c>add(b)</c> is <c>add(b, 1)</c>) make a temporary Scalar that only its finalizer frees, and the finalizer can free
/// it while libtorch is still reading it, as soon as the managed object is unreachable — which can be during the very
/// call that uses it ("Unknown scalar type", "Expected false to be true" from c10/core/Scalar.h, or a wrong value;
/// dotnet/TorchSharp#1434). A static Scalar is never finalized; other numbers are made with <c>using var s =
/// x.ToScalar();</c> so they outlive the call. Each constant has the .NET type the operator would have used (an
/// <c>int</c> keeps integer tensors integral), and tests/Detect.Models.Tests/Scalars checks the compiled code for temporaries.
/// </remarks>
public static class Scalars
{
    /// <summary>0 (int).</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>1 (int): also the <c>alpha</c> of <c>a.add(b, Scalars.One)</c>, which is <c>a + b</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>2 (int).</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>−1 (int): <c>a.add(b, Scalars.MinusOne)</c> is <c>a − b</c> computed as <c>a + (−1)·b</c>.</summary>
    public static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary>0.5 (double).</summary>
    public static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>1.0 (double).</summary>
    public static readonly Scalar OneDouble = 1.0.ToScalar();

    /// <summary>0.0 (double).</summary>
    public static readonly Scalar ZeroDouble = 0.0.ToScalar();

    /// <summary><c>1 - t</c> as TorchSharp's operator computes it, <c>−t + 1</c>, without its temporary Scalar.</summary>
    public static Tensor OneMinus(Tensor t) => t.negative().add(One, One);
}
