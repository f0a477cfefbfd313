using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.DenseHeads;

/// <summary>The inputs of MMDetection's dense-head loss tests: a 256×256 image, random 1-channel features, no or one ground truth.</summary>
internal static class HeadInputs
{
    public const int S = 256;

    /// <summary>MMDetection's one ground truth: [23.6667, 23.8757, 238.6326, 151.8874], label 2.</summary>
    public static InstanceData OneGt() =>
        new(tensor(new[] { 23.6667f, 23.8757f, 238.6326f, 151.8874f }).view(1, 4), tensor(new long[] { 2 }));

    public static InstanceData NoGt() => new(zeros(0, 4), zeros(0, dtype: ScalarType.Int64));

    public static DetDataSample Sample(InstanceData gt) =>
        new(new ImageMeta(0, "s.png", (S, S), (S, S), (S, S), (1, 1)) { BatchInputShape = (S, S) }, gt);

    /// <summary>One random feature map per level, (S / divisor)² each, as the tests of MMDetection build them.</summary>
    public static Tensor[] Features(IEnumerable<int> divisors, int channels = 1, int seed = 0)
    {
        var gen = new Generator((ulong)seed);
        return [.. divisors.Select(d => rand(1, channels, S / d, S / d, generator: gen))];
    }
}
