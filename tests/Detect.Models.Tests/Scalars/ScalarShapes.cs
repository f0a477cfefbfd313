using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Scalars;

/// <summary>What <see cref="TemporaryScalarScan"/> must flag and must let pass, one shape per method (never called).</summary>
internal static class ScalarShapes
{
    static readonly Scalar Cached = 0.5.ToScalar();

    public static Tensor NumberOperator(Tensor t) => t * 0.5;

    public static Tensor ImplicitConversion(Tensor t) => t.mul(0.5);

    public static Tensor ExplicitButDropped(Tensor t) => t.mul(0.5.ToScalar());

    public static Tensor TensorSum(Tensor a, Tensor b) => a + b;

    public static Tensor Range(long n) => arange(n);

    public static nn.Module<Tensor, Tensor> LeakyModule() => nn.LeakyReLU();

    public static Tensor KeptByUsing(Tensor t)
    {
        using var half = 0.5.ToScalar();
        return t.mul(half);
    }

    public static Tensor KeptByCache(Tensor t) => t.mul(Cached).add(t, Cached);
}
