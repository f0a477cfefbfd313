namespace Detect.Models.Tests;

/// <summary>
/// Loss values pinned from a reviewed Detect run, for tests of MMDetection-style models whose reference cannot run here
/// (MMDetection needs mmcv, which does not install on this machine). They are regression tests: seeded weights and inputs make
/// every value reproducible (the same under DNNL_MAX_CPU_ISA=AVX2 and AVX on the AMD EPYC host they were taken on), and each
/// table says what was checked by hand. Relative tolerance 1e-4 leaves room for another CPU's float32 rounding only.
/// </summary>
internal static class ReviewedValues
{
    public const double RelativeTolerance = 1e-4;

    /// <summary>Asserts that <paramref name="actual"/> is <paramref name="expected"/> within <see cref="RelativeTolerance"/> (exactly, for 0).</summary>
    public static void AssertClose(double expected, double actual, string what)
    {
        double error = expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= RelativeTolerance, $"{what}: {actual:R}, reviewed value {expected:R} (relative error {error:E2})");
    }
}
